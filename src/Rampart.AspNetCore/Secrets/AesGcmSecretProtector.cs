using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce per envelope. Envelope format 1 (all integers big-endian):
/// <code>
/// [0]      format version    0x01
/// [1..5)   key version       uint32
/// [5..9)   ciphertext length uint32
/// [9..17)  AAD fingerprint   first 8 bytes of HMAC-SHA256(fingerprint key, associated data)
/// [17..29) nonce             12 random bytes
/// [29..45) tag               16 bytes
/// [45..)   ciphertext        as long as the plaintext
/// </code>
/// The GCM associated data is the 17-byte header followed by the caller's associated data, so the
/// header cannot be altered without failing authentication. The length lets a cut-short envelope be
/// told apart from an altered one.
/// </summary>
internal sealed class AesGcmSecretProtector : ISecretProtector
{
    internal const byte FormatVersion = 1;
    internal const int HeaderLength = 1 + 4 + 4 + FingerprintLength;
    private const int FingerprintOffset = 9;
    internal const int FingerprintLength = 8;
    internal const int NonceLength = 12;
    internal const int TagLength = 16;
    internal const int Overhead = HeaderLength + NonceLength + TagLength;

    private readonly SecretKeyRing _ring;
    private readonly SecretMetrics? _metrics;

    public AesGcmSecretProtector(SecretKeyRing ring, SecretMetrics? metrics = null)
    {
        _ring = ring;
        _metrics = metrics;
    }

    public int CurrentKeyVersion => _ring.CurrentVersion;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var version = _ring.CurrentVersion;
        _ring.TryGet(version, out var keys);
        var envelope = new byte[Overhead + plaintext.Length];
        envelope[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(1), (uint)version);
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(5), (uint)plaintext.Length);
        Fingerprint(keys.FingerprintKey, associatedData, envelope.AsSpan(FingerprintOffset, FingerprintLength));

        var nonce = envelope.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var tag = envelope.AsSpan(HeaderLength + NonceLength, TagLength);
        var ciphertext = envelope.AsSpan(Overhead);

        var gcmData = GcmAssociatedData(envelope.AsSpan(0, HeaderLength), associatedData);
        using var aes = new AesGcm(keys.EncryptionKey, TagLength);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, gcmData);
        _metrics?.EnvelopeMade(version);
        return envelope;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> envelope, ReadOnlySpan<byte> associatedData)
    {
        var version = ReadHeader(envelope);
        if (!_ring.TryGet(version, out var keys))
        {
            throw new SecretProtectionException(SecretProtectionError.UnknownKeyVersion);
        }

        Span<byte> expected = stackalloc byte[FingerprintLength];
        Fingerprint(keys.FingerprintKey, associatedData, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, envelope.Slice(FingerprintOffset, FingerprintLength)))
        {
            throw new SecretProtectionException(SecretProtectionError.WrongAssociatedData);
        }

        var plaintext = new byte[envelope.Length - Overhead];
        var gcmData = GcmAssociatedData(envelope[..HeaderLength], associatedData);
        try
        {
            using var aes = new AesGcm(keys.EncryptionKey, TagLength);
            aes.Decrypt(
                envelope.Slice(HeaderLength, NonceLength),
                envelope[Overhead..],
                envelope.Slice(HeaderLength + NonceLength, TagLength),
                plaintext,
                gcmData);
        }
        catch (AuthenticationTagMismatchException exception)
        {
            // Never hand out what was decrypted before the tag failed.
            CryptographicOperations.ZeroMemory(plaintext);
            throw new SecretProtectionException(SecretProtectionError.Tampered, exception);
        }

        return plaintext;
    }

    public int GetKeyVersion(ReadOnlySpan<byte> envelope) => ReadHeader(envelope);

    private static int ReadHeader(ReadOnlySpan<byte> envelope)
    {
        if (envelope.IsEmpty)
        {
            throw new SecretProtectionException(SecretProtectionError.Truncated);
        }

        if (envelope[0] != FormatVersion)
        {
            throw new SecretProtectionException(SecretProtectionError.UnknownFormatVersion);
        }

        if (envelope.Length < Overhead)
        {
            throw new SecretProtectionException(SecretProtectionError.Truncated);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(envelope[5..]);
        if ((ulong)(envelope.Length - Overhead) < length)
        {
            throw new SecretProtectionException(SecretProtectionError.Truncated);
        }

        if ((ulong)(envelope.Length - Overhead) > length)
        {
            // Bytes appended after the ciphertext.
            throw new SecretProtectionException(SecretProtectionError.Tampered);
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(envelope[1..]);
        return version is 0 or > int.MaxValue
            ? throw new SecretProtectionException(SecretProtectionError.UnknownKeyVersion)
            : (int)version;
    }

    private static void Fingerprint(byte[] key, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, associatedData, mac);
        mac[..FingerprintLength].CopyTo(destination);
    }

    private static byte[] GcmAssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData)
    {
        var data = new byte[header.Length + associatedData.Length];
        header.CopyTo(data);
        associatedData.CopyTo(data.AsSpan(header.Length));
        return data;
    }
}
