using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Tokens of infrastructure and developer tools, matched by their published shapes (the values feed
/// <see cref="ProviderSecretTests"/>'s theories), token schemes and constants joined into a constant.
/// </summary>
public class ToolingSecretTests
{
    private const string LowerHex = "0123456789abcdef";
    private const string Bech32Upper = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
    private const string UrlSafe = TestSecrets.Base62 + "-_";

    private static string Random(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[random.Next(a.Length)];
            }
        });
    }

    public static TheoryData<string> Secrets() => new()
    {
        "hvs." + Random(UrlSafe, 91, 1),
        "hvb." + Random(UrlSafe, 138, 2),
        "hvr." + Random(UrlSafe, 24, 3),
        "PMAK-" + Random(LowerHex, 24, 4) + "-" + Random(LowerHex, 34, 5),
        "lin_api_" + Random(TestSecrets.Base62, 40, 6),
        "AGE-SECRET-KEY-1" + Random(Bech32Upper, 58, 7),
        "key=AAAA" + Random(UrlSafe, 7, 8) + ":APA91b" + Random(UrlSafe, 134, 9),
        "AAAA" + Random(UrlSafe, 8, 13) + ":APA91b" + Random(UrlSafe, 140, 14),
        Random(LowerHex, 32, 15) + "-" + Random(LowerHex, 8, 16) + "-" + Random(LowerHex, 8, 17),
        "Endpoint=https://chat.service.signalr.net;AccessKey=" + TestSecrets.RandomText(43, 10) + "=;Version=1.0;",
        "Endpoint=https://store.azconfig.io;Id=ab12-l0-s0:" + TestSecrets.RandomText(20, 11) + ";Secret=" + TestSecrets.RandomText(43, 12) + "=",
    };

    public static TheoryData<string> Lookalikes() => new()
    {
        // A prefix with a placeholder, a body too short, or a body of one repeated character.
        "hvs.your-vault-token",
        "hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "PMAK-" + Random(LowerHex, 24, 4) + "-" + Random(LowerHex, 20, 5),
        "lin_api_" + Random(TestSecrets.Base62, 12, 6),
        // Lower-case letters are not age's alphabet; "AGE-SECRET-KEY-1" alone is a label.
        "AGE-SECRET-KEY-1" + Random(Bech32Upper, 58, 7).ToLowerInvariant(),
        "AGE-SECRET-KEY-1...",
        "key=AAAA" + Random(UrlSafe, 7, 8) + ":APA91b",
        "AAAA" + Random(UrlSafe, 9, 13) + ":APA91b" + Random(UrlSafe, 140, 14),
        // A UUID, a hash with a longer suffix, and a hash joined to one 8-character part are not Mailgun's shape.
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        Random(LowerHex, 32, 15) + "-" + Random(LowerHex, 8, 16) + "-" + Random(LowerHex, 12, 17),
        Random(LowerHex, 32, 15) + "-" + Random(LowerHex, 8, 16),
        Random(LowerHex, 40, 15) + "-" + Random(LowerHex, 8, 16) + "-" + Random(LowerHex, 8, 17),
        // An endpoint without a key, and an "AccessKey=" that is not a connection string's entry.
        "Endpoint=https://chat.service.signalr.net;AuthType=azure.msi;Version=1.0;",
        "Endpoint=https://store.azconfig.io;Id=ab12;Secret=" + "{secret}",
        "StorageAccessKey=" + TestSecrets.RandomText(43, 10) + "=",
    };

    [Fact]
    public async Task A_token_joined_from_two_constants_is_reported_once_on_the_join()
    {
        var token = TestSecrets.GitHubToken();
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string Head = "{{token[..20]}}";
                private const string Tail = "{{token[20..]}}";
                private const string Release = {|RMP0002:Head + Tail|};
            }
            """);
    }

    [Fact]
    public async Task Constants_joined_into_a_constant_that_holds_no_secret_are_not_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            class C
            {
                private const string Scheme = "https://";
                private const string Host = "api.example.com";
                private const string BaseUrl = Scheme + Host;
                string Url() { const string Path = BaseUrl + Scheme; return Path; }
            }
            """);
    }

    [Theory]
    [InlineData("SSWS")]
    [InlineData("Bearer")]
    public async Task The_parameter_of_a_token_scheme_is_reported(string scheme)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                object Header() => new System.Net.Http.Headers.AuthenticationHeaderValue("{{scheme}}", {|RMP0003:"00{{TestSecrets.RandomText(40, 13)}}"|});
                string Raw => {|RMP0003:"{{scheme}} 00{{TestSecrets.RandomText(40, 14)}}"|};
            }
            """);
    }

    [Fact]
    public async Task The_second_of_two_arguments_after_another_word_is_not_a_token()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                object Pair() => new System.Collections.Generic.KeyValuePair<string, string>("Region", "00{{TestSecrets.RandomText(40, 13)}}");
            }
            """);
    }
}
