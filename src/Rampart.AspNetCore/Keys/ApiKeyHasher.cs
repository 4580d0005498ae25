using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.AspNetCore.Keys;

/// <summary>
/// Computes and checks HMAC-SHA256(pepper, salt ‖ secret). The pepper ring holds every configured
/// version so keys hashed under an older pepper keep verifying after a rotation.
/// </summary>
internal sealed class ApiKeyHasher
{
    public const int HashLength = 32;
    public const int MinPepperLength = 32;

    private readonly FrozenDictionary<int, byte[]> _peppers;

    public ApiKeyHasher(IReadOnlyDictionary<int, byte[]> peppers, int currentVersion)
    {
        if (!peppers.ContainsKey(currentVersion))
        {
            throw new ArgumentException($"Pepper version {currentVersion} is not configured.", nameof(currentVersion));
        }

        _peppers = peppers.ToFrozenDictionary();
        CurrentVersion = currentVersion;
    }

    /// <summary>The pepper version new keys are hashed under.</summary>
    public int CurrentVersion { get; }

    public bool HasVersion(int version) => _peppers.ContainsKey(version);

    /// <summary>Hashes <paramref name="secret"/> under the current pepper.</summary>
    public byte[] Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret)
    {
        var hash = new byte[HashLength];
        if (!TryHash(CurrentVersion, salt, secret, hash))
        {
            throw new InvalidOperationException("The secret is not a valid key secret.");
        }

        return hash;
    }

    /// <summary>
    /// True when <paramref name="secret"/> hashes to <paramref name="expectedHash"/> under
    /// <paramref name="pepperVersion"/>. Allocation-free; the comparison takes the same time
    /// wherever the first differing byte is.
    /// </summary>
    public bool Verify(int pepperVersion, ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, ReadOnlySpan<byte> expectedHash)
    {
        Span<byte> actual = stackalloc byte[HashLength];
        return TryHash(pepperVersion, salt, secret, actual)
            && CryptographicOperations.FixedTimeEquals(actual, expectedHash);
    }

    private bool TryHash(int pepperVersion, ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, Span<byte> destination)
    {
        if (!_peppers.TryGetValue(pepperVersion, out var pepper)
            || salt.Length > ApiKeyGenerator.SaltLength * 4
            || secret.Length > ApiKeyFormat.SecretLength
            || !Ascii.IsValid(secret))
        {
            return false;
        }

        Span<byte> message = stackalloc byte[(ApiKeyGenerator.SaltLength * 4) + ApiKeyFormat.SecretLength];
        salt.CopyTo(message);
        var written = Encoding.ASCII.GetBytes(secret, message[salt.Length..]);
        var input = message[..(salt.Length + written)];
        HMACSHA256.HashData(pepper, input, destination);
        CryptographicOperations.ZeroMemory(message);
        return true;
    }
}
