using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// References the platform resolves to a secret (Key Vault, App Configuration, pipeline variables)
/// name where the secret is kept and are not secrets; a token whose checksum fails is made up, in
/// configuration files as in code. Next to each, a real secret under the same name is still reported.
/// </summary>
public class SecretReferenceTests
{
    private static readonly string Random = TestSecrets.RandomText(40, 43);
    private static readonly string GitHub = TestSecrets.GitHubToken(seed: 44);

    /// <summary>The same token with its last checksum digit changed: the CRC-32 no longer matches.</summary>
    private static readonly string BadChecksum = GitHub.Substring(0, GitHub.Length - 1) + (GitHub[GitHub.Length - 1] == 'A' ? 'B' : 'A');

    [Fact]
    public async Task Key_vault_and_app_configuration_references_in_code_are_not_secrets()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string DbPassword = "@Microsoft.KeyVault(SecretUri=https://orders-kv.vault.azure.net/secrets/db-password/)";
                private const string SigningKey = "@Microsoft.KeyVault(VaultName=orders-kv;SecretName=signing-key;SecretVersion=3f2a9c)";
                private const string ApiKey = "@Microsoft.AppConfiguration(Endpoint=https://orders-cfg.azconfig.io; Key=Payments:ApiKey)";
                private const string ClientSecret = {|RMP0003:"{{Random}}"|};
            }
            """);
    }

    [Fact]
    public async Task A_value_that_only_starts_like_a_reference_is_still_judged()
    {
        // Text after the closing parenthesis is not part of a reference: the value is judged as written.
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                private const string DbPassword = {|RMP0003:"@Microsoft.KeyVault(x)Qm7#vLp2Zr9!tWx4"|};
            }
            """);
    }

    [Fact]
    public async Task References_and_placeholders_in_configuration_files_are_not_reported()
    {
        var json = """
            {
              "Stripe": { "SecretKey": "@Microsoft.KeyVault(SecretUri=https://shop-kv.vault.azure.net/secrets/stripe-key/)" },
              "Jwt": { "SigningKey": "@Microsoft.KeyVault(VaultName=shop-kv;SecretName=jwt-signing-key)" },
              "Maps": { "ApiKey": "@Microsoft.AppConfiguration(Endpoint=https://shop-cfg.azconfig.io; Key=Maps:ApiKey; Label=prod)" },
              "Smtp": { "Password": "{\"uri\":\"https://shop-kv.vault.azure.net/secrets/smtp-password\"}" },
              "Redis": { "Password": "${REDIS_PASSWORD}" },
              "Queue": { "AccessKey": "#{QueueAccessKey}#" },
              "Search": { "AdminKey": "$(SearchAdminKey)" }
            }
            """;
        await ConfigurationFileTests.RunAsync("/0/appsettings.Production.json", json);
    }

    [Fact]
    public async Task A_secret_next_to_references_in_a_configuration_file_is_reported()
    {
        var json = $$"""
            {
              "Stripe": { "SecretKey": "@Microsoft.KeyVault(SecretUri=https://shop-kv.vault.azure.net/secrets/stripe-key/)" },
              "Jwt": { "SigningKey": "{{Random}}" }
            }
            """;
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.json",
            json,
            new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/appsettings.json", 3, 27, 3, 27 + Random.Length).WithArguments("Jwt:SigningKey", "a secret value"));
    }

    [Fact]
    public async Task A_token_whose_checksum_fails_is_not_reported_in_a_configuration_file_as_in_code()
    {
        Assert.False(HardCodedSecretAnalyzer.IsReportedWhereWritten(BadChecksum, "GitHubToken", Options.RampartAnalyzerOptions.Default));
        var json = $$"""
            {
              "profiles": {
                "App": {
                  "environmentVariables": {
                    "GITHUB_TOKEN": "{{BadChecksum}}"
                  }
                }
              }
            }
            """;
        await ConfigurationFileTests.RunAsync("/0/Properties/launchSettings.json", json);
    }

    [Fact]
    public async Task A_token_whose_checksum_holds_is_reported_under_the_same_name()
    {
        var json = $$"""
            {
              "profiles": {
                "App": {
                  "environmentVariables": {
                    "GITHUB_TOKEN": "{{GitHub}}"
                  }
                }
              }
            }
            """;
        await ConfigurationFileTests.RunAsync(
            "/0/Properties/launchSettings.json",
            json,
            new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/Properties/launchSettings.json", 5, 26, 5, 26 + GitHub.Length).WithArguments("environmentVariables:GITHUB_TOKEN", "a GitHub token"));
    }
}
