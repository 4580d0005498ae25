using System.Text;
using System.Text.RegularExpressions;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Corpus.HeldOut;

/// <summary>
/// Fills the held-out cases' placeholders with values in each provider's published shape, made
/// from a seed so every run sees the same text and the files hold nothing that works anywhere.
/// </summary>
internal static class HeldOutValues
{
    private const string Base62 = TestSecrets.Base62;
    private const string Base64Url = Base62 + "-_";
    private const string Hex = "0123456789abcdef";
    private const string Digits = "0123456789";
    private const string UpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly Regex Placeholder = new(@"\{([a-z0-9_]+)\}", RegexOptions.CultureInvariant);

    public static string Expand(string template, int seed)
    {
        var n = seed * 131;
        return Placeholder.Replace(template, match => Generate(match.Groups[1].Value, new Random(++n)) ?? match.Value);
    }

    private static string? Generate(string name, Random random) => name switch
    {
        "openai_proj" => "sk-proj-" + Text(random, Base64Url, 74) + "T3BlbkFJ" + Text(random, Base64Url, 74),
        "openai_legacy" => "sk-" + Text(random, Base62, 20) + "T3BlbkFJ" + Text(random, Base62, 20),
        "anthropic" => "sk-ant-api03-" + Text(random, Base64Url, 93) + "AA",
        "hf" => "hf_" + Text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34),
        "glpat" => "glpat-" + Text(random, Base64Url, 20),
        "pypi" => "pypi-AgEIcHlwaS5vcmc" + Text(random, Base64Url, 70),
        "shpat" => "shpat_" + Text(random, Hex, 32),
        "shpss" => "shpss_" + Text(random, Hex, 32),
        "xapp" => "xapp-1-A" + Text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10) + "-" + Text(random, Digits, 13) + "-" + Text(random, Hex, 64),
        "square" => "EAAA" + Text(random, Base64Url, 60),
        "square_oauth" => "sq0csp-" + Text(random, Base64Url, 43),
        "discord_bot" => Convert.ToBase64String(Encoding.ASCII.GetBytes("1" + Text(random, Digits, 17))).TrimEnd('=') + "." + Text(random, Base64Url, 6) + "." + Text(random, Base64Url, 38),
        "discord_webhook" => "https://discord.com/api/webhooks/1" + Text(random, Digits, 18) + "/" + Text(random, Base64Url, 68),
        "telegram" => "7" + Text(random, Digits, 9) + ":AA" + Text(random, Base64Url, 33),
        "twilio_key" => "SK" + Text(random, Hex, 32),
        "sas" => "https://orders.blob.core.windows.net/invoices?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig="
            + Uri.EscapeDataString(Convert.ToBase64String(Bytes(random, 32))),
        "servicebus" => "Endpoint=sb://orders-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + Convert.ToBase64String(Bytes(random, 32)),
        "azure_client_secret" => Text(random, Base62, 3) + "8Q~" + Text(random, Base62 + "_~.-", 34),
        "github" => TestSecrets.GitHubToken("ghp_", random.Next()),
        "github_badcrc" => BreakChecksum(TestSecrets.GitHubToken("ghp_", random.Next())),
        "github_split" => Split(TestSecrets.GitHubToken("ghp_", random.Next())),
        "stripe_restricted" => TestSecrets.Stripe("rk_live_", random.Next()),
        "slack_bot" => TestSecrets.SlackBot(random.Next()),
        "sendgrid" => TestSecrets.SendGrid(random.Next()),
        "google" => TestSecrets.GoogleApiKey(random.Next()),
        "npm" => TestSecrets.Npm(random.Next()),
        "aws" => TestSecrets.AwsAccessKeyId(random.Next()),
        "pem" => TestSecrets.PemPrivateKey(random.Next()),
        "azure_conn" => "DefaultEndpointsProtocol=https;AccountName=orders" + random.Next(1000) + ";AccountKey=" + Convert.ToBase64String(Bytes(random, 64)) + ";EndpointSuffix=core.windows.net",
        "basic" => Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-orders:" + Password(random))),
        "runs" => Runs(random),
        "rand16" => Text(random, Base62, 16),
        "rand24" => Text(random, Base62, 24),
        "rand32" => Text(random, Base62, 32),
        "rand40" => Text(random, Base62, 40),
        "hex16" => Text(random, Hex, 16),
        "hex32" => Text(random, Hex, 32),
        "hex40" => Text(random, Hex, 40),
        "hex64" => Text(random, Hex, 64),
        "b64_32" => Convert.ToBase64String(Bytes(random, 32)),
        "b64_48" => Convert.ToBase64String(Bytes(random, 48)),
        "guid" => new Guid(Bytes(random, 16)).ToString(),
        "identity_hash" => "AQAAAAIAAYagAAAAE" + Convert.ToBase64String(Bytes(random, 45)),
        "bcrypt" => "$2a$11$" + Text(random, "./" + Base62, 53),
        "pwlike" => Password(random),
        "stripe_live" => TestSecrets.Stripe("sk_live_", random.Next()),
        "stripe_pk" => TestSecrets.Stripe("pk_live_", random.Next()),
        "gho" => TestSecrets.GitHubToken("gho_", random.Next()),
        "jwt" => TestSecrets.Jwt(random.Next()),
        "rampart_live" => TestSecrets.RampartKey("wh", "live", random.Next()),
        "rampart_test" => TestSecrets.RampartKey("wh", "test", random.Next()),
        "slack_webhook" => "https://hooks.slack.com/services/T" + Text(random, UpperAlphanumeric, 8) + "/B" + Text(random, UpperAlphanumeric, 10) + "/" + Text(random, Base62, 24),
        "twilio_sid" => "AC" + Text(random, Hex, 32),
        "aws_secret" => Text(random, Base62 + "+/", 40),
        "mailgun" => "key-" + Text(random, Hex, 32),
        "pem_pkcs8" => Pem("PRIVATE KEY", Bytes(random, 1190)),
        "pem_public" => Pem("PUBLIC KEY", Bytes(random, 294)),
        "pem_cert" => Pem("CERTIFICATE", Bytes(random, 900)),
        _ => null,
    };

    /// <summary>Changes the last checksum character so the CRC no longer matches.</summary>
    private static string BreakChecksum(string token)
        => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    /// <summary>Ends the literal in the middle and starts another: <c>"ghp_abc" + "def"</c>.</summary>
    private static string Split(string token)
        => token[..14] + "\" + \"" + token[14..];

    /// <summary>A random mixed-case token whose letters come in short runs between digits and symbols.</summary>
    private static string Runs(Random random)
    {
        var builder = new StringBuilder();
        while (builder.Length < 32)
        {
            builder.Append(Text(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", random.Next(2, 5)));
            builder.Append(Text(random, Digits + "-_", 1));
        }

        return builder.ToString();
    }

    /// <summary>A password a person would choose: a word, digits and a symbol.</summary>
    private static string Password(Random random)
    {
        string[] words = ["Harbour", "Winter", "Cobalt", "Meadow", "Granite", "Pepper", "Aurora", "Lantern"];
        return words[random.Next(words.Length)] + random.Next(10, 9999) + "!#@$%&*"[random.Next(7)] + (char)('a' + random.Next(26)) + (char)('A' + random.Next(26));
    }

    /// <summary>A PEM block with escaped line breaks, as it is written inside a C# string literal.</summary>
    private static string Pem(string label, byte[] der)
    {
        var body = Convert.ToBase64String(der);
        var lines = Enumerable.Range(0, (body.Length + 63) / 64).Select(i => body.Substring(i * 64, Math.Min(64, body.Length - (i * 64))));
        return "-----BEGIN " + label + "-----\\n" + string.Join("\\n", lines) + "\\n-----END " + label + "-----";
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Text(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
