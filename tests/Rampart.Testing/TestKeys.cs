using System.Text;
using Rampart.AspNetCore.Keys;

namespace Rampart.Testing;

/// <summary>
/// Keys and records made by hand, for tests that forge, move or store what the manager would not:
/// the checksum is computed here from the documented definition, not by the code under test.
/// </summary>
public static class TestKeys
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Appends the CRC-32 of <paramref name="withoutChecksum"/> as 6 base62 digits, most significant first.</summary>
    public static string WithChecksum(string withoutChecksum)
    {
        ArgumentNullException.ThrowIfNull(withoutChecksum);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(Encoding.ASCII.GetBytes(withoutChecksum));
        Span<char> digits = stackalloc char[6];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }

        return withoutChecksum + new string(digits);
    }

    /// <summary>The 43-character secret of a key: the characters before its 6-character checksum.</summary>
    public static string SecretOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[^49..^6];
    }

    /// <summary>A live record of <c>org-1</c> with the given hash material; change the rest with <c>with</c>.</summary>
    public static ApiKeyRecord Record(string id, byte[] salt, byte[] hash, int hashVersion, int pepperVersion, string prefix = "acme", DateTimeOffset? createdAt = null) => new()
    {
        Id = id,
        Prefix = prefix,
        Name = "crafted key",
        Owner = "user-1",
        Organization = "org-1",
        Environment = ApiKeyEnvironment.Live,
        Scopes = ["orders:read"],
        CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
        Salt = salt,
        Hash = hash,
        HashVersion = hashVersion,
        PepperVersion = pepperVersion,
    };
}
