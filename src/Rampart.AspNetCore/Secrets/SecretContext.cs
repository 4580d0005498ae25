using System.Buffers.Binary;
using System.Text;

namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// Where a protected secret belongs, encoded as the associated data: a ciphertext made for one
/// context does not open in another.
/// </summary>
/// <param name="Tenant">The organisation (tenant) the secret belongs to.</param>
/// <param name="Purpose">What the secret is for, e.g. <c>webhook-signing</c>.</param>
/// <param name="RecordId">The row or record that holds it; bind it so a ciphertext cannot be moved between rows.</param>
public readonly record struct SecretContext(string Tenant, string Purpose, string? RecordId = null)
{
    // Lenient UTF-8 turns every lone surrogate into U+FFFD, so "t\uD800" and "t\uFFFD" would encode alike.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The associated data: a tag and each part as a 4-byte big-endian length followed by its UTF-8
    /// bytes, so no two different contexts encode alike (<c>("ab","c")</c> is not <c>("a","bc")</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A part is not valid UTF-16 (it holds a lone surrogate).</exception>
    public byte[] ToAssociatedData()
    {
        ArgumentNullException.ThrowIfNull(Tenant);
        ArgumentNullException.ThrowIfNull(Purpose);
        string?[] parts = [Tenant, Purpose, RecordId];
        var length = 1;
        foreach (var part in parts)
        {
            length += 4 + (part is null ? 0 : StrictByteCount(part));
        }

        var buffer = new byte[length];
        buffer[0] = 0x01;
        var offset = 1;
        foreach (var part in parts)
        {
            if (part is null)
            {
                // Absent (not empty): a length no string can have.
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), uint.MaxValue);
                offset += 4;
                continue;
            }

            var written = StrictUtf8.GetBytes(part, buffer.AsSpan(offset + 4));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), (uint)written);
            offset += 4 + written;
        }

        return buffer;
    }

    private static int StrictByteCount(string part)
    {
        try
        {
            return StrictUtf8.GetByteCount(part);
        }
        catch (EncoderFallbackException)
        {
            // The part is not echoed: contexts may carry ids an app would rather not see in logs.
            throw new ArgumentException("A secret context part holds a lone surrogate, which is not text that UTF-8 can encode; no two different contexts may encode alike.");
        }
    }
}
