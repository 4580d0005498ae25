using System.Security.Cryptography;
using Rampart.AspNetCore.Keys;

namespace Rampart.Analyzers.Tests.Infrastructure;

/// <summary>
/// Makes well-formed secrets for the tests, with real checksums, from a seeded generator so every
/// run sees the same values. None of them is a live credential.
/// </summary>
internal static class TestSecrets
{
    public const string Base62 = ApiKeyFormat.Base62Alphabet;

    /// <summary>A checksum-valid Rampart key, made with the runtime's own grammar code.</summary>
    public static string RampartKey(string prefix = "rmp", string environment = "live", int seed = 1)
    {
        var random = new Random(seed);
        var body = prefix + "_" + environment + "_" + Random(random, Base62, ApiKeyFormat.BodyLength);
        Span<char> checksum = stackalloc char[ApiKeyFormat.ChecksumLength];
        ApiKeyFormat.WriteChecksum(body, checksum);
        return body + new string(checksum);
    }

    /// <summary>A GitHub-style token: 30 random base62 characters and their CRC-32 in base62.</summary>
    public static string GitHubToken(string prefix = "ghp_", int seed = 2)
    {
        var random = new Random(seed);
        var body = Random(random, Base62, 30);
        return prefix + body + Checksum(body);
    }

    public static string Checksum(string body)
    {
        var crc = ApiKeyFormat.Crc32(body);
        var digits = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            digits[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(digits);
    }

    public static string AwsAccessKeyId(int seed = 3) => "AKIA" + Random(new Random(seed), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

    public static string Stripe(string prefix = "sk_live_", int seed = 4) => prefix + Random(new Random(seed), Base62, 24);

    public static string SlackBot(int seed = 5)
    {
        var random = new Random(seed);
        return "xoxb-" + Random(random, "0123456789", 12) + "-" + Random(random, "0123456789", 13) + "-" + Random(random, Base62, 24);
    }

    public static string GoogleApiKey(int seed = 6) => "AIza" + Random(new Random(seed), Base62 + "-_", 35);

    public static string SendGrid(int seed = 7)
    {
        var random = new Random(seed);
        return "SG." + Random(random, Base62 + "-_", 22) + "." + Random(random, Base62 + "-_", 43);
    }

    public static string Npm(int seed = 8) => GitHubToken("npm_", seed);

    public static string AzureStorageKey(int seed = 9)
    {
        var bytes = new byte[64];
        new Random(seed).NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    public static string Jwt(int seed = 10)
    {
        static string B64(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var random = new Random(seed);
        var signature = new byte[32];
        random.NextBytes(signature);
        return B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64("{\"sub\":\"" + random.Next() + "\",\"name\":\"Test\"}") + "."
            + Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string PemPrivateKey(int seed = 11)
    {
        var bytes = new byte[600];
        new Random(seed).NextBytes(bytes);
        var body = Convert.ToBase64String(bytes);
        var lines = string.Join("\\n", Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - (i * 64)))));
        return "-----BEGIN RSA PRIVATE KEY-----\\n" + lines + "\\n-----END RSA PRIVATE KEY-----";
    }

    /// <summary>A random base62 string (for high-entropy values bound to secret names).</summary>
    public static string RandomText(int length, int seed = 12) => Random(new Random(seed), Base62, length);

    /// <summary>The draws of <paramref name="count"/> random values from <paramref name="alphabet"/>, <paramref name="minLength"/> to <paramref name="maxLength"/> characters long, that <paramref name="taken"/> accepts.</summary>
    public static List<string> RandomValuesTaken(string alphabet, int count, int minLength, int maxLength, Func<string, bool> taken)
    {
        var random = new Random(20261202);
        var found = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var value = Random(random, alphabet, random.Next(minLength, maxLength + 1));
            if (taken(value))
            {
                found.Add(value);
            }
        }

        return found;
    }

    private static string Random(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>A fresh CSPRNG base62 string, for corpus generation that must not repeat.</summary>
    public static string CryptoRandom(int length) => RandomNumberGenerator.GetString(Base62, length);
}
