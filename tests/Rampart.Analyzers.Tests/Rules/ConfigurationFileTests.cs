using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Configuration;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class ConfigurationFileTests
{
    private static readonly string Key = TestSecrets.RampartKey(seed: 40);
    private static readonly string GitHub = TestSecrets.GitHubToken(seed: 41);
    private static readonly string Random = TestSecrets.RandomText(40, 42);

    /// <summary>Runs RMP0006 over one configuration file given as an additional file.</summary>
    internal static Task RunAsync(string path, string content, params DiagnosticResult[] expected)
    {
        var test = new RampartAnalyzerTest<ConfigurationFileAnalyzer> { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add((path, content));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult At(string path, int line, int column, int length, string key, string what)
        => new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan(path, line, column, line, column + length).WithArguments(key, what);

    [Fact]
    public async Task Secrets_in_appsettings_are_reported_at_their_line_and_column()
    {
        var json = $$"""
            {
              // comments are allowed in appsettings files
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Rampart": { "BootstrapKey": "{{Key}}" },
              "GitHub": {
                "Token": "{{GitHub}}"
              },
              "Jwt": { "SigningKey": "{{Random}}", "Issuer": "https://issuer.example.com" },
              "ConnectionStrings": {
                "Default": "Server=db;Database=orders;User Id=app;Password=Xk9#mQ2vLp;"
              },
              "AllowedHosts": "*"
            }
            """;
        await RunAsync(
            "/0/appsettings.json",
            json,
            At("/0/appsettings.json", 4, 33, Key.Length, "Rampart:BootstrapKey", "a Rampart API key"),
            At("/0/appsettings.json", 6, 15, GitHub.Length, "GitHub:Token", "a GitHub token"),
            At("/0/appsettings.json", 8, 27, Random.Length, "Jwt:SigningKey", "a secret value"),
            At("/0/appsettings.json", 10, 17, 58, "ConnectionStrings:Default", "a literal password in a connection string"));
    }

    [Fact]
    public async Task Environment_variables_in_launch_settings_are_scanned()
    {
        var json = $$"""
            {
              "profiles": {
                "App": {
                  "commandName": "Project",
                  "environmentVariables": {
                    "ASPNETCORE_ENVIRONMENT": "Development",
                    "STRIPE_API_KEY": "{{TestSecrets.Stripe()}}"
                  }
                }
              }
            }
            """;
        await RunAsync(
            "/0/Properties/launchSettings.json",
            json,
            At("/0/Properties/launchSettings.json", 7, 28, TestSecrets.Stripe().Length, "environmentVariables:STRIPE_API_KEY", "a Stripe secret key"));
    }

    [Fact]
    public async Task Web_config_attributes_are_scanned()
    {
        var xml = $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <appSettings>
                <add key="ApiToken" value="{{Random}}" />
                <add key="Theme" value="dark" />
              </appSettings>
              <connectionStrings>
                <add name="Db" connectionString="Data Source=sql;Initial Catalog=Shop;User ID=sa;Password=Tr0ub4dor3x" />
              </connectionStrings>
            </configuration>
            """;
        await RunAsync(
            "/0/web.config",
            xml,
            At("/0/web.config", 4, 32, Random.Length, "ApiToken", "a secret value"),
            At("/0/web.config", 8, 38, 68, "connectionString", "a literal password in a connection string"));
    }

    [Fact]
    public async Task Placeholders_and_other_files_are_not_reported()
    {
        var json = """
            {
              "Jwt": { "SigningKey": "", "Audience": "api" },
              "Rampart": { "Keys": { "Prefix": "acme", "Pepper": "${RAMPART_PEPPER}" } },
              "ConnectionStrings": { "Default": "Host=db;Username=app;Password=<from-user-secrets>" },
              "Stripe": { "SecretKey": "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx" },
              "Auth": { "PasswordPolicy": "Strong", "TokenLifetime": "00:30:00", "ApiKeyHeader": "X-Api-Key" }
            }
            """;
        await RunAsync("/0/appsettings.Production.json", json);
        await RunAsync("/0/data.json", "{ \"token\": \"" + GitHub + "\" }");
    }

    [Fact]
    public async Task Malformed_files_never_crash_the_analyzer()
    {
        await RunAsync("/0/appsettings.json", "{ \"a\": \"unterminated\n \"b\": [1, \"x\", { ] } } \\u12");
        await RunAsync("/0/appsettings.Development.json", "");
        await RunAsync("/0/web.config", "<configuration><add key=\"x\" value='y'");
    }
}

public class DotEnvAndComposeFileTests
{
    [Fact]
    public async Task Dot_env_compose_and_settings_files_are_scanned()
    {
        var github = TestSecrets.GitHubToken(seed: 61);
        var env = "# tokens\nexport GITHUB_TOKEN=" + github + "\nMODEL_ID=sentence-transformers/all-MiniLM-L6-v2\nEMPTY=\n";
        await ConfigurationFileTests.RunAsync(
            "/0/.env",
            env,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/.env", 2, 21, 2, 21 + github.Length).WithArguments("GITHUB_TOKEN", "a GitHub token"));
        await ConfigurationFileTests.RunAsync("/0/.env.example", "GITHUB_TOKEN=\nNPM_TOKEN=\n");

        var compose = """{ "services": { "api": { "environment": { "ConnectionStrings__Clinic": "Server=sql.example.health;Database=clinic;User ID=app;Password=BytYWzmeO6M#1FzkeoJ4EB" } } } }""";
        await ConfigurationFileTests.RunAsync(
            "/0/docker-compose.override.json",
            compose,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/docker-compose.override.json", 1, 73, 1, 158)
                .WithArguments("environment:ConnectionStrings__Clinic", "a literal password in a connection string"));
        await ConfigurationFileTests.RunAsync("/0/docker-compose.json", """{ "services": { "api": { "environment": { "Db": "Host=db;Username=postgres;Password=postgres;Database=game" } } } }""");

        var settings = """{ "Values": { "Bus": "Endpoint=sb://claims.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=NVgbsvSCxSGxMiP6SAJgG1jMcVPTNLuuZuCYiQVn7gg=" } }""";
        await ConfigurationFileTests.RunAsync(
            "/0/local.settings.json",
            settings,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/local.settings.json", 1, 23, 1, 155).WithArguments("Values:Bus", "an Azure shared access key"));
    }
}

public class UserSecretsAndBase64ValueTests
{
    private const string Sasl = "/0+dt3MEBkL6pt/1OwE86tpy6ytzJ6gkx0knwAU26zfrxacDfm4oGbC/Phu13HmW";

    [Fact]
    public async Task The_user_secrets_file_is_scanned_and_its_placeholders_are_not_reported()
    {
        var github = TestSecrets.GitHubToken(seed: 71);
        await ConfigurationFileTests.RunAsync(
            "/0/secrets.json",
            "{ \"GitHub:Token\": \"" + github + "\" }",
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/secrets.json", 1, 20, 1, 20 + github.Length).WithArguments("GitHub:Token", "a GitHub token"));
        await ConfigurationFileTests.RunAsync("/0/secrets.json", "{ \"OpenAI:ApiKey\": \"<your OpenAI key>\", \"Smtp:Password\": \"<smtp password>\" }");
        await ConfigurationFileTests.RunAsync("/0/my-secrets.json", "{ \"GitHub:Token\": \"" + github + "\" }");
    }

    [Fact]
    public async Task A_base64_secret_starting_with_a_slash_is_not_read_as_a_path()
    {
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.json",
            "{ \"Kafka\": { \"SaslPassword\": \"" + Sasl + "\", \"CertificatePassword\": \"/etc/kafka/secrets/client-password/current/value\" } }",
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan("/0/appsettings.json", 1, 31, 1, 31 + Sasl.Length).WithArguments("Kafka:SaslPassword", "a secret value"));
    }
}
