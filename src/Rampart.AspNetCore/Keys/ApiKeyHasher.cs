using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.AspNetCore.Keys;

/// <summary>
/// Computes and checks key hashes (see <c>docs/key-format.md</c>). Scheme 2, used for every new key:
/// <c>HMAC-SHA256(HKDF-SHA256(pepper, info "rampart/key-hash/v2"), len(salt) ‖ salt ‖ len(prefix) ‖ prefix ‖
/// len(env) ‖ env ‖ len(id) ‖ id ‖ secret)</c>, so a hash is bound to its row, its prefix and its environment
/// and the pepper's use is separated from any other. Scheme 1 (<c>HMAC-SHA256(pepper, salt ‖ secret)</c>)
/// keeps verifying so existing keys can be re-hashed after they next verify. The pepper ring holds every
/// configured version so keys hashed under an older pepper keep verifying after a rotation.
/// </summary>
internal sealed class ApiKeyHasher : IDisposable
{
    public const int HashLength = 32;
    public const int MinPepperLength = 32;

    /// <summary>HMAC-SHA256(pepper, salt ‖ secret): records written before scheme 2.</summary>
    public const int LegacyHashVersion = 1;

    /// <summary>The bound scheme every new or re-hashed key uses.</summary>
    public const int CurrentHashVersion = 2;

    public const string HashKeyLabel = "rampart/key-hash/v2";

    private const int MaxSaltLength = ApiKeyGenerator.SaltLength * 4;
    private const int MaxMessageLength = 4 + MaxSaltLength + ApiKeyFormat.MaxPrefixLength + ApiKeyFormat.EnvironmentLength + ApiKeyFormat.KeyIdLength + ApiKeyFormat.SecretLength;

    // Scheme 1 keys its HMAC with the pepper itself, scheme 2 with the key derived from it.
    private readonly FrozenDictionary<int, KeyedHmac> _peppers;
    private readonly FrozenDictionary<int, KeyedHmac> _hashKeys;
    private readonly KeyedHmac _currentHashKey;

    // Hashed instead of a record whose parts cannot be, so every verification costs one HMAC.
    private readonly byte[] _dummySalt = RandomNumberGenerator.GetBytes(ApiKeyGenerator.SaltLength);
    private readonly byte[] _dummyHash = RandomNumberGenerator.GetBytes(HashLength);

    // Per thread, so counting costs no shared cache line on the request path.
    [ThreadStatic]
    private static long t_hmacs;

    [ThreadStatic]
    private static long t_bytes;

    public ApiKeyHasher(IReadOnlyDictionary<int, byte[]> peppers, int currentVersion)
    {
        if (!peppers.ContainsKey(currentVersion))
        {
            throw new ArgumentException($"Pepper version {currentVersion} is not configured.", nameof(currentVersion));
        }

        _peppers = peppers.ToFrozenDictionary(pair => pair.Key, pair => new KeyedHmac(pair.Value));

        // Derived once: the HKDF costs more than the HMAC it keys.
        _hashKeys = peppers.ToFrozenDictionary(
            pair => pair.Key,
            pair => new KeyedHmac(HKDF.DeriveKey(HashAlgorithmName.SHA256, pair.Value, HashLength, salt: [], info: Encoding.ASCII.GetBytes(HashKeyLabel))));
        _currentHashKey = _hashKeys[currentVersion];
        CurrentVersion = currentVersion;
    }

    /// <summary>The pepper version new keys are hashed under.</summary>
    public int CurrentVersion { get; }

    public bool HasVersion(int version) => _peppers.ContainsKey(version);

    /// <summary>
    /// True when <paramref name="record"/> should be re-hashed after it verifies: an older scheme or an
    /// older pepper. Only upgrades, so instances briefly disagreeing on the current pepper cannot undo each other.
    /// </summary>
    public bool NeedsRehash(ApiKeyRecord record)
        => record.HashVersion < CurrentHashVersion || record.PepperVersion < CurrentVersion;

    /// <summary>Hashes a key's secret under the current scheme and pepper, bound to its prefix, environment and id.</summary>
    public byte[] Hash(string prefix, ApiKeyEnvironment environment, string keyId, ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret)
    {
        var hash = new byte[HashLength];
        if (!TryHashV2(_currentHashKey, salt, prefix, environment, keyId, secret, hash))
        {
            throw new InvalidOperationException("The key's parts are not valid for hashing.");
        }

        return hash;
    }

    /// <summary>
    /// Whether <paramref name="secret"/> is the secret of <paramref name="record"/>, under the record's
    /// scheme and pepper. Allocation-free; always computes one HMAC (of stand-in parts when the record's
    /// pepper is missing or its fields are out of bounds), and the comparison takes the same time wherever
    /// the first differing byte is.
    /// </summary>
    public ApiKeyHashVerdict Verify(ApiKeyRecord record, ReadOnlySpan<char> secret)
    {
        Span<byte> actual = stackalloc byte[HashLength];
        var pepperFound = false;
        var computed = record.HashVersion switch
        {
            CurrentHashVersion => (pepperFound = _hashKeys.TryGetValue(record.PepperVersion, out var key))
                && TryHashV2(key!, record.Salt, record.Prefix, record.Environment, record.Id, secret, actual),
            LegacyHashVersion => (pepperFound = _peppers.TryGetValue(record.PepperVersion, out var pepper))
                && TryHashV1(pepper!, record.Salt, secret, actual),
            _ => false,
        };

        if (!computed)
        {
            HashStandIn(actual);
            _ = CryptographicOperations.FixedTimeEquals(actual, _dummyHash);
            return pepperFound || record.HashVersion is not (CurrentHashVersion or LegacyHashVersion) ? ApiKeyHashVerdict.Mismatch : ApiKeyHashVerdict.PepperMissing;
        }

        return record.Hash.Length == HashLength && CryptographicOperations.FixedTimeEquals(actual, record.Hash)
            ? ApiKeyHashVerdict.Match
            : ApiKeyHashVerdict.Mismatch;
    }

    /// <summary>
    /// A current-scheme record that no secret matches (random salt and hash), for <paramref name="prefix"/>
    /// and <paramref name="environment"/>. Checking a presented key against it costs what checking a real
    /// record costs, so an unknown id can be answered with the same work as a wrong secret.
    /// </summary>
    public ApiKeyRecord CreateStandIn(string prefix, ApiKeyEnvironment environment) => new()
    {
        Id = new string('0', ApiKeyFormat.KeyIdLength),
        Prefix = prefix,
        Name = "stand-in",
        Owner = "stand-in",
        Organization = "stand-in",
        Environment = environment,
        Scopes = [],
        CreatedAt = DateTimeOffset.UnixEpoch,
        Salt = RandomNumberGenerator.GetBytes(ApiKeyGenerator.SaltLength),
        Hash = RandomNumberGenerator.GetBytes(HashLength),
        HashVersion = CurrentHashVersion,
        PepperVersion = CurrentVersion,
    };

    /// <summary>HMACs computed and message bytes hashed on this thread, so tests can compare the work of two paths exactly.</summary>
    internal static (long Hmacs, long Bytes) WorkOnThisThread => (t_hmacs, t_bytes);

    /// <summary>The scheme 1 hash, kept for tests of records written before scheme 2.</summary>
    internal byte[] HashLegacy(int pepperVersion, ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret)
    {
        var hash = new byte[HashLength];
        if (!_peppers.TryGetValue(pepperVersion, out var pepper) || !TryHashV1(pepper, salt, secret, hash))
        {
            throw new InvalidOperationException("The secret is not a valid key secret.");
        }

        return hash;
    }

    private static bool TryHashV1(KeyedHmac pepper, ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, Span<byte> destination)
    {
        if (salt.Length > MaxSaltLength || secret.Length > ApiKeyFormat.SecretLength || !Ascii.IsValid(secret))
        {
            return false;
        }

        Span<byte> message = stackalloc byte[MaxSaltLength + ApiKeyFormat.SecretLength];
        salt.CopyTo(message);
        var written = Encoding.ASCII.GetBytes(secret, message[salt.Length..]);
        Hmac(pepper, message[..(salt.Length + written)], destination);
        CryptographicOperations.ZeroMemory(message);
        return true;
    }

    // Every field but the last carries a one-byte length, so no two different inputs give the same message.
    private static bool TryHashV2(
        KeyedHmac key,
        ReadOnlySpan<byte> salt,
        ReadOnlySpan<char> prefix,
        ApiKeyEnvironment environment,
        ReadOnlySpan<char> keyId,
        ReadOnlySpan<char> secret,
        Span<byte> destination)
    {
        if (salt.Length > MaxSaltLength
            || prefix.Length > ApiKeyFormat.MaxPrefixLength || !Ascii.IsValid(prefix)
            || keyId.Length > ApiKeyFormat.KeyIdLength || !Ascii.IsValid(keyId)
            || secret.Length > ApiKeyFormat.SecretLength || !Ascii.IsValid(secret))
        {
            return false;
        }

        Span<byte> message = stackalloc byte[MaxMessageLength];
        var position = 0;
        message[position++] = (byte)salt.Length;
        salt.CopyTo(message[position..]);
        position += salt.Length;
        position += WriteField(prefix, message[position..]);
        position += WriteField(ApiKeyParser.EnvironmentText(environment), message[position..]);
        position += WriteField(keyId, message[position..]);
        position += Encoding.ASCII.GetBytes(secret, message[position..]);
        Hmac(key, message[..position], destination);
        CryptographicOperations.ZeroMemory(message);
        return true;
    }

    private void HashStandIn(Span<byte> destination)
        => TryHashV2(_currentHashKey, _dummySalt, "rmp", ApiKeyEnvironment.Live, "000000000000", "0000000000000000000000000000000000000000000", destination);

    private static void Hmac(KeyedHmac key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        key.Compute(message, destination);
        t_hmacs++;
        t_bytes += message.Length;
    }

    public void Dispose()
    {
        foreach (var hmac in _peppers.Values.Concat(_hashKeys.Values))
        {
            hmac.Dispose();
        }
    }

    private static int WriteField(ReadOnlySpan<char> ascii, Span<byte> destination)
    {
        destination[0] = (byte)ascii.Length;
        return 1 + Encoding.ASCII.GetBytes(ascii, destination[1..]);
    }
}
