using System.Security.Cryptography;

namespace Rampart.AspNetCore.Keys;

/// <summary>Makes new keys from the operating system's CSPRNG.</summary>
internal static class ApiKeyGenerator
{
    public const int SaltLength = 16;

    /// <summary>A new random key id (12 base62 characters, about 71 bits).</summary>
    public static string NewKeyId() => RandomBase62(ApiKeyFormat.KeyIdLength);

    /// <summary>Composes the full key text for <paramref name="keyId"/> with a fresh 256-bit secret.</summary>
    public static string NewKey(string prefix, ApiKeyEnvironment environment, string keyId)
    {
        var environmentText = ApiKeyParser.EnvironmentText(environment);
        var length = prefix.Length + 2 + environmentText.Length + ApiKeyFormat.BodyLength + ApiKeyFormat.ChecksumLength;
        return string.Create(length, (prefix, environmentText, keyId), static (span, state) =>
        {
            var position = 0;
            state.prefix.AsSpan().CopyTo(span);
            position += state.prefix.Length;
            span[position++] = '_';
            state.environmentText.AsSpan().CopyTo(span[position..]);
            position += state.environmentText.Length;
            span[position++] = '_';
            state.keyId.AsSpan().CopyTo(span[position..]);
            position += state.keyId.Length;

            // GetItems draws each character uniformly, so 43 characters carry 43·log2(62) ≈ 256 bits.
            RandomNumberGenerator.GetItems(ApiKeyFormat.Base62Alphabet.AsSpan(), span.Slice(position, ApiKeyFormat.SecretLength));
            position += ApiKeyFormat.SecretLength;
            ApiKeyFormat.WriteChecksum(span[..position], span[position..]);
        });
    }

    /// <summary>A fresh per-key salt.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    private static string RandomBase62(int length)
        => RandomNumberGenerator.GetString(ApiKeyFormat.Base62Alphabet, length);
}
