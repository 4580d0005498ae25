using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// The redactor Rampart registers for <see cref="RampartDataClassifications.Personal"/>: erases, or
/// when <see cref="BodyLoggingOptions.PseudonymizePersonalData"/> is on writes <c>p_</c> and 32 hex
/// digits of <c>HMAC-SHA256(k, value)</c>, with <c>k</c> derived from the pepper by HKDF under its own label.
/// </summary>
internal sealed class PersonalDataRedactor : Redactor
{
    public const string HkdfInfo = "rampart/audit/personal-data/v1";
    private const int PseudonymLength = 2 + 32;

    private readonly byte[]? _key;

    public PersonalDataRedactor(IOptions<RampartOptions> options)
    {
        var value = options.Value;
        if (value.Logging.Bodies.PseudonymizePersonalData)
        {
            var root = ClientAddressPseudonymizer.DeriveKey(value);
            _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, salt: [], info: Encoding.ASCII.GetBytes(HkdfInfo));
        }
    }

    public override int GetRedactedLength(ReadOnlySpan<char> input) => _key is null ? 0 : PseudonymLength;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (_key is null)
        {
            return 0;
        }

        var byteCount = Encoding.UTF8.GetByteCount(source);
        var bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(source, bytes);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, bytes, mac);
        "p_".CopyTo(destination);
        Convert.TryToHexStringLower(mac[..16], destination[2..], out _);
        return PseudonymLength;
    }
}
