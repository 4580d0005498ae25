using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Braintree access tokens and New Relic keys by their published shapes, Agora's App Certificate by
/// its name and shape, and Adyen's browser-facing client key, which is public under its own name.
/// </summary>
public class PaymentAndMonitoringTokenTests
{
    private const string LowerHex = "0123456789abcdef";
    private const string LowerAlphanumeric = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const string UpperAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

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

    public static TheoryData<string> ProviderTokens() => new()
    {
        "access_token$production$" + Random(LowerAlphanumeric, 16, 1) + "$" + Random(LowerHex, 32, 2),
        "access_token$sandbox$" + Random(LowerAlphanumeric, 16, 3) + "$" + Random(LowerHex, 32, 4),
        "NRAK-" + Random(UpperAlphanumeric, 27, 5),
        "NRII-" + Random(TestSecrets.Base62 + "-_", 32, 6),
    };

    [Theory]
    [MemberData(nameof(ProviderTokens))]
    public async Task A_Braintree_or_New_Relic_token_is_reported_whatever_its_name(string token)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                static readonly string Deploy = {|RMP0002:"{{token}}"|};
            }
            """);
    }

    public static TheoryData<string> Lookalikes() => new()
    {
        // A New Relic browser key ships in the page's script; the wrong lengths and alphabets are no key.
        "NRJS-" + Random(LowerHex, 19, 7),
        "NRAK-" + Random(UpperAlphanumeric, 26, 8),
        "NRAK-" + Random(LowerAlphanumeric, 27, 9),
        "access_token$production$" + Random(LowerAlphanumeric, 15, 10) + "$" + Random(LowerHex, 32, 11),
        "access_token$production$merchant_id$public_key",
    };

    [Theory]
    [MemberData(nameof(Lookalikes))]
    public async Task Look_alikes_of_those_tokens_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                static readonly string Deploy = "{{text}}";
            }
            """);
    }

    [Theory]
    [InlineData("AgoraAppCertificate")]
    [InlineData("APP_CERTIFICATE")]
    [InlineData("appCertificate")]
    public async Task An_app_certificate_of_32_hex_characters_is_reported(string name)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string {{name}} = {|RMP0003:"{{Random(LowerHex, 32, 12)}}"|};
            }
            """);
    }

    [Theory]
    // The public App ID beside it, a certificate's thumbprint, and 32 hex characters under another certificate name.
    [InlineData("AgoraAppId", 32)]
    [InlineData("AppCertificate", 40)]
    [InlineData("AppCertificate", 64)]
    [InlineData("CertificateSerial", 32)]
    [InlineData("AppCertificateThumbprint", 32)]
    public async Task Other_hex_values_beside_an_app_certificate_are_not_reported(string name, int length)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string {{name}} = "{{Random(LowerHex, length, 13)}}";
            }
            """);
    }

    [Theory]
    [InlineData("AdyenClientKey", "live_")]
    [InlineData("ClientKey", "test_")]
    public async Task An_Adyen_client_key_under_a_client_key_name_is_not_reported(string name, string prefix)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string MerchantAccount = "StadiumTicketsECOM";
                private const string {{name}} = "{{prefix + Random(UpperAlphanumeric, 32, 14)}}";
            }
            """);
    }

    [Fact]
    public async Task The_same_shape_under_an_API_key_name_is_still_reported()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string AdyenApiKey = {|RMP0003:"{{"live_" + Random(UpperAlphanumeric, 32, 15)}}"|};
            }
            """);
    }
}
