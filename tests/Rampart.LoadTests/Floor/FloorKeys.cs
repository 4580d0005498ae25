using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.LoadTests.Floor;

/// <summary>
/// The floor's key check, written as thin as the key format allows: parse (prefix, environment, id,
/// secret), the CRC-32 checksum, a dictionary lookup of the id with no string made, one keyed hash
/// (HMAC-SHA256 with a key derived from the pepper, the pads kept per thread, as hash scheme 2 needs)
/// and a constant-time comparison, then the record's state (revoked, expired).
/// </summary>
internal sealed class FloorKeys
{
    private const int IdLength = 12;
    private const int SecretLength = 43;
    private const int ChecksumLength = 6;
    private const string Environment = "live";

    private static readonly SearchValues<char> Base62 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly uint[] CrcTable = BuildCrcTable();

    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    private readonly string _prefix;
    private readonly byte[] _hashKey;
    private readonly Dictionary<string, FloorKeyRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FloorKeyRecord>.AlternateLookup<ReadOnlySpan<char>> _byId;

    public FloorKeys(string prefix, byte[] pepper)
    {
        _prefix = prefix;
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper, 32, salt: [], info: "rampart/key-hash/v2"u8.ToArray());
        _byId = _records.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Issues a key (setup only, before the server takes requests: the dictionary is then only read).</summary>
    public string Issue(string name, string organization, string[] scopes)
    {
        var id = ApiKeyGeneratorText(IdLength);
        var secret = ApiKeyGeneratorText(SecretLength);
        var body = $"{_prefix}_{Environment}_{id}{secret}";
        var key = body + Base62Text(Crc32(body), ChecksumLength);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = new byte[32];
        Hash(salt, id, secret, hash);
        _records.Add(id, new FloorKeyRecord(id, name, organization, Environment, scopes, salt, hash, Revoked: false, ExpiresAt: DateTimeOffset.UtcNow.AddDays(30)));
        return key;
    }

    /// <summary>The key's record when the text is a well-formed key of this app whose secret verifies; never throws.</summary>
    public FloorKeyRecord? Verify(ReadOnlySpan<char> key)
    {
        // prefix "_" environment "_" id secret checksum
        var bodyLength = _prefix.Length + 1 + Environment.Length + 1 + IdLength + SecretLength;
        if (key.Length != bodyLength + ChecksumLength
            || !key.StartsWith(_prefix, StringComparison.Ordinal)
            || key[_prefix.Length] != '_'
            || !key.Slice(_prefix.Length + 1, Environment.Length).SequenceEqual(Environment)
            || key[_prefix.Length + 1 + Environment.Length] != '_')
        {
            return null;
        }

        var rest = key[(bodyLength - IdLength - SecretLength)..];
        if (rest.ContainsAnyExcept(Base62) || !TryBase62(rest[^ChecksumLength..], out var checksum) || checksum != Crc32(key[..bodyLength]))
        {
            return null;
        }

        var id = rest[..IdLength];
        var secret = rest.Slice(IdLength, SecretLength);
        if (!_byId.TryGetValue(id, out var record))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[32];
        Hash(record.Salt, id, secret, hash);
        if (!CryptographicOperations.FixedTimeEquals(hash, record.Hash) || record.Revoked || record.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return null;
        }

        return record;
    }

    // Hash scheme 2's message: len(salt) salt len(prefix) prefix len(env) env len(id) id secret.
    private void Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<char> id, ReadOnlySpan<char> secret, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[1 + salt.Length + 1 + _prefix.Length + 1 + Environment.Length + 1 + id.Length + secret.Length];
        var at = 0;
        message[at++] = (byte)salt.Length;
        salt.CopyTo(message[at..]);
        at += salt.Length;
        message[at++] = (byte)_prefix.Length;
        at += Encoding.ASCII.GetBytes(_prefix, message[at..]);
        message[at++] = (byte)Environment.Length;
        at += Encoding.ASCII.GetBytes(Environment, message[at..]);
        message[at++] = (byte)id.Length;
        at += Encoding.ASCII.GetBytes(id, message[at..]);
        Encoding.ASCII.GetBytes(secret, message[at..]);

        // The HMAC state keeps the padded key, so each hash costs the message's blocks and the outer one.
        var hmac = t_hmac ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _hashKey);
        hmac.AppendData(message);
        hmac.GetHashAndReset(destination);
    }

    private static uint Crc32(ReadOnlySpan<char> text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc = CrcTable[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static bool TryBase62(ReadOnlySpan<char> digits, out uint value)
    {
        ulong total = 0;
        foreach (var c in digits)
        {
            total = (total * 62) + (ulong)(c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36);
        }

        value = (uint)total;
        return total <= uint.MaxValue;
    }

    private static string Base62Text(uint value, int length)
        => string.Create(length, value, static (span, v) =>
        {
            for (var i = span.Length - 1; i >= 0; i--)
            {
                span[i] = Alphabet[(int)(v % 62)];
                v /= 62;
            }
        });

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static string ApiKeyGeneratorText(int length)
        => string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(62)];
            }
        });
}

/// <summary>What the floor keeps per key; the hash of the secret, never the secret.</summary>
internal sealed record FloorKeyRecord(
    string Id,
    string Name,
    string Organization,
    string Environment,
    string[] Scopes,
    byte[] Salt,
    byte[] Hash,
    bool Revoked,
    DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"key {Id} ({Organization})";
}
