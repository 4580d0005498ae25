using Microsoft.CodeAnalysis.Testing;
using Rampart.Analyzers.Configuration;
using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>Generated passwords at hosts under ".example", passwords starting with '$', next to examples and variables.</summary>
public class ExampleTldAndDollarPasswordTests
{
    [Theory]
    [InlineData("amqps://orders:hP2Bu2wX1YovSwrx-a@rabbit.northwind.example:5671/orders")]
    [InlineData("rediss://default:8~lltJPwzKx3EvnoYPuCNHVH-VNP_LKx@match-cache.game.example:6380/0")]
    [InlineData("Server=erp-db.corp.example;Database=erp;Uid=erp_admin;Pwd=pkUaOJQJh~HlFTDm;")]
    public async Task A_generated_password_at_a_host_under_example_is_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = {|RMP0004:"{{text}}"|};
            }
            """);
    }

    [Theory]
    // Documentation's passwords at the same hosts, and generated ones at example.com, example.net and .test.
    [InlineData("amqps://orders:password@rabbit.northwind.example:5671/orders")]
    [InlineData("amqps://orders:P@ssw0rd123!@rabbit.northwind.example:5671/orders")]
    [InlineData("amqps://orders:Bright-Otter-Meadow7@rabbit.northwind.example:5671/orders")]
    [InlineData("Server=erp-db.corp.example;Database=erp;Uid=erp_admin;Pwd=Xk9mQ2vRt8;")]
    [InlineData("amqps://orders:hP2Bu2wX1YovSwrx-a@rabbit.example.com:5671/orders")]
    [InlineData("amqps://orders:hP2Bu2wX1YovSwrx-a@rabbit.example.net:5671/orders")]
    [InlineData("amqps://orders:hP2Bu2wX1YovSwrx-a@rabbit.test:5671/orders")]
    [InlineData("https://apitoken:API_TOKEN_SECRET@charge.corp.example/")]
    public async Task Examples_at_documentation_hosts_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }

    [Theory]
    [InlineData("cache.internal:6380,password=$#n9oZNf_b_2jiEMqL1Ul#Ky,ssl=True")]
    [InlineData("cache.internal:6380,password=$9Kq!vR2x#pLm7Zt,ssl=True")]
    public async Task A_password_that_starts_with_a_dollar_and_is_no_variable_is_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = {|RMP0004:"{{text}}"|};
            }
            """);
    }

    [Theory]
    [InlineData("cache.internal:6380,password=$REDIS_PASSWORD,ssl=True")]
    [InlineData("cache.internal:6380,password=${REDIS_PASSWORD},ssl=True")]
    [InlineData("cache.internal:6380,password=$(RedisPassword),ssl=True")]
    [InlineData("cache.internal:6380,password=$env:REDIS_PASSWORD,ssl=True")]
    [InlineData("cache.internal:6380,password=$2a$11$K3g6XoQ9vWq1bXQ9bVx1Ou,ssl=True")]
    public async Task Variables_and_crypt_hashes_starting_with_a_dollar_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }
}

/// <summary>docker-compose YAML files and 64-byte account keys in settings, next to their look-alikes.</summary>
public class ComposeYamlAndAccountKeyTests
{
    private static DiagnosticResult At(string path, int line, int column, int length, string key, string what)
        => new DiagnosticResult(RampartRules.SecretInConfigurationFile).WithSpan(path, line, column, line, column + length).WithArguments(key, what);

    [Fact]
    public async Task Environment_secrets_in_a_compose_yaml_file_are_reported_and_defaults_are_not()
    {
        var github = TestSecrets.GitHubToken(seed: 81);
        var compose = "services:\n"
            + "  runner:\n"
            + "    image: myoung34/github-runner:latest\n"
            + "    environment:\n"
            + "      ACCESS_TOKEN: " + github + "   # the runner's\n"
            + "      REPO_URL: https://github.com/acme/shop\n"
            + "  db:\n"
            + "    image: postgres:16\n"
            + "    ports:\n"
            + "      - \"5432:5432\"\n"
            + "    environment:\n"
            + "      - POSTGRES_USER=postgres\n"
            + "      - POSTGRES_PASSWORD=6RC2aYnWYt~Jk3sdKuJWpZ4R\n"
            + "    command: |\n"
            + "      postgres -c password=notread\n";
        await ConfigurationFileTests.RunAsync(
            "/0/docker-compose.yml",
            compose,
            At("/0/docker-compose.yml", 5, 21, github.Length, "services:runner:environment:ACCESS_TOKEN", "a GitHub token"),
            At("/0/docker-compose.yml", 13, 27, 24, "services:db:environment:POSTGRES_PASSWORD", "a secret value"));

        var defaults = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n      API_KEY: ${API_KEY}\n      - \"SA_PASSWORD=${SA_PASSWORD}\"\n";
        await ConfigurationFileTests.RunAsync("/0/compose.yaml", defaults);

        // The same text in a YAML file that is not a compose file is not read.
        await ConfigurationFileTests.RunAsync("/0/pipeline.yml", compose);
    }

    [Fact]
    public async Task Malformed_yaml_never_crashes_the_reader()
    {
        foreach (var text in new[] { "", ":", "- ", "a:\n  - \"unclosed\n  b: 'x", "\"k\": \n- =\n  - K=\n", "key: |\n", "x: [a, b]\ny: {a: b}\n", "---\n...\n" })
        {
            await ConfigurationFileTests.RunAsync("/0/docker-compose.yaml", text);
        }
    }

    [Fact]
    public async Task A_64_byte_key_named_key_is_reported_and_the_emulator_key_and_shorter_keys_are_not()
    {
        const string Cosmos = "8j8TZxPrYWjWyicn81f6NynY6xMYWXqMyepqSxG/Rqgd2RymdSe+LocROEfZMq4mavGgToTuH+xKvigtFZR+xg==";
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.json",
            "{ \"Cosmos\": { \"Endpoint\": \"https://catalog.documents.azure.com:443/\", \"Key\": \"" + Cosmos + "\" } }",
            At("/0/appsettings.json", 1, 79, 88, "Cosmos:Key", "an account key (Azure Cosmos DB or Storage)"));
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.json",
            "{ \"Storage\": { \"AccountKey\": \"" + Cosmos + "\" } }",
            At("/0/appsettings.json", 1, 31, 88, "Storage:AccountKey", "a secret value"));

        // The emulator's published key, a public key, a 32-byte value and a key that is not named one.
        await ConfigurationFileTests.RunAsync(
            "/0/appsettings.Development.json",
            "{ \"Cosmos\": { \"Key\": \"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==\" } }");
        await ConfigurationFileTests.RunAsync("/0/appsettings.json", "{ \"Signing\": { \"PublicKey\": \"" + Cosmos + "\" } }");
        await ConfigurationFileTests.RunAsync("/0/appsettings.json", "{ \"Cosmos\": { \"Key\": \"q3N1cB8xT2l0aG0kZXhhbXBsZS1rZXktMzItYnl0ZXM=\" } }");
        await ConfigurationFileTests.RunAsync("/0/appsettings.json", "{ \"Cosmos\": { \"Thumbprint\": \"" + Cosmos + "\" } }");
    }
}

/// <summary>In a test project, a key that spells out what it is, next to generated keys that stay reported there.</summary>
public class SelfDescribingTestKeyTests
{
    private static Task InTestProject(string source) => TestFixtureCredentialTests.InTestProject(source);

    [Theory]
    [InlineData("JWTRefreshTokenHIGHsecuredPasswordVVVp1OH7Xzyr")]
    [InlineData("super-secret-test-signing-key-9fQ2")]
    public async Task A_self_describing_key_is_a_fixture_in_a_test_project_and_a_secret_elsewhere(string key)
    {
        var source = $$"""
            class FrontendApiConfig
            {
                public string SecretKey { get; set; } = {|RMP0003:"{{key}}"|};
            }
            """;

        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await InTestProject(source.Replace("{|RMP0003:", "").Replace("\"|}", "\""));
    }

    [Theory]
    [InlineData("Xk9mP2qR7vL4nB8wT3yZq8Jx0Vd2LmZ9")]
    [InlineData("TokenVVVp1OH7XzyrQ9mK2xLp4Rt7Wq3B")]
    [InlineData("Alongside-Unworthy-Query3-Xq9zKw7T")]
    public async Task Keys_that_are_mostly_random_are_still_reported_in_a_test_project(string key)
    {
        await InTestProject($$"""
            class FrontendApiConfig
            {
                public string SecretKey { get; set; } = {|RMP0003:"{{key}}"|};
            }
            """);
    }
}
