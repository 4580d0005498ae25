using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class ProviderSecretTests
{
    public static TheoryData<string> Secrets() => new()
    {
        TestSecrets.AwsAccessKeyId(),
        TestSecrets.GitHubToken("ghp_"),
        TestSecrets.GitHubToken("gho_", 21),
        TestSecrets.GitHubToken("ghs_", 22),
        "github_pat_" + TestSecrets.RandomText(22, 23) + "_" + TestSecrets.RandomText(59, 24),
        TestSecrets.Stripe("sk_live_"),
        TestSecrets.Stripe("rk_test_", 25),
        TestSecrets.SlackBot(),
        "https://hooks.slack.com/services/T" + "0123ABCD" + "/B" + "0456EFGH" + "/" + TestSecrets.RandomText(24, 26),
        TestSecrets.GoogleApiKey(),
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + TestSecrets.AzureStorageKey() + ";EndpointSuffix=core.windows.net",
        TestSecrets.SendGrid(),
        TestSecrets.Npm(),
        TestSecrets.PemPrivateKey(),
        TestSecrets.Jwt(),
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    [MemberData(nameof(ToolingSecretTests.Secrets), MemberType = typeof(ToolingSecretTests))]
    public async Task A_provider_secret_is_reported(string secret)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                object value = {|RMP0002:"{{secret}}"|};
            }
            """);
    }

    public static TheoryData<string> Lookalikes() => new()
    {
        // AWS's documented example key, and a key with a character outside base32.
        "AKIAIOSFODNN7EXAMPLE",
        "AKIA" + "ABCDEFGHIJKLMNO1",
        // A GitHub token whose checksum is wrong.
        TestSecrets.GitHubToken()[..^1] + (TestSecrets.GitHubToken()[^1] == 'A' ? "B" : "A"),
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        // Placeholders in provider shapes.
        "sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxx",
        "sk_test_...",
        "xoxb-your-token-here",
        "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        // The Azure Storage emulator's published key.
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "UseDevelopmentStorage=true",
        // A PEM public key and a certificate are not private keys; an empty private key block is a template.
        "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\\n-----END PUBLIC KEY-----",
        "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----",
        // "eyJ" that is not a JWT, and a JWT-shaped text whose header has no "alg".
        "eyJfoo.bar.baz",
        "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl",
        "SG.not-a-key",
        "npm_" + TestSecrets.RandomText(36, 30),
    };

    [Theory]
    [MemberData(nameof(Lookalikes))]
    [MemberData(nameof(ToolingSecretTests.Lookalikes), MemberType = typeof(ToolingSecretTests))]
    public async Task A_lookalike_is_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                object value = "{{text}}";
            }
            """);
    }
}
