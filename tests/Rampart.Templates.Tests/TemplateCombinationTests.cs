using System.Text.RegularExpressions;
using Rampart.Templates.Tests.Infrastructure;

namespace Rampart.Templates.Tests;

/// <summary>
/// Every generated solution builds with warnings as errors and passes its own tests.
/// </summary>
/// <remarks>
/// The options are independent switches (store, Redis, tests) plus a free-text prefix. The rows
/// below are every combination of the switches (sqlite/postgres × Redis on/off × tests on/off);
/// the default prefix and several custom ones, plain names and a dotted one are spread over them.
/// One row gives its own disclosure contact, policy and expiry; that row's build is also run as a
/// service by <see cref="RunningServiceTests"/>.
/// </remarks>
[Collection(TemplateCollection.Name)]
public sealed partial class TemplateCombinationTests(TemplateFixture fixture, ITestOutputHelper output)
{
    /// <summary>The disclosure settings of the row that gives its own.</summary>
    public static readonly (string Contact, string Policy, string Expires) Disclosure = (
        "https://acme.test/report-a-vulnerability",
        "https://acme.test/disclosure-policy",
        // Six months ahead, at the start of a day: within RFC 9116's "less than a year".
        DateTime.UtcNow.Date.AddMonths(6).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The template's default disclosure placeholders.</summary>
    private static readonly (string Contact, string Policy) Placeholders = ("mailto:security@example.com", "https://example.com/security-policy");

    public static TheoryData<string, string, bool, string?, bool, bool> Combinations => new()
    {
        // name, --store, --redis, --key-prefix (null: the default), --no-tests, own disclosure settings
        { "PlainApi", "sqlite", false, null, false, false },
        { "Acme.Orders", "postgres", true, "acme", false, true },
        { "EdgeApi", "sqlite", true, "edge2", true, false },
        { "ScaleApi", "postgres", false, "s9", true, false },
        { "ShopApi", "sqlite", false, "shop", true, false },
        { "LimitsApi", "sqlite", true, null, false, false },
        { "LedgerApi", "postgres", false, "ledger", false, false },
        { "FleetApi", "postgres", true, null, true, false },
    };

    /// <summary>The <c>dotnet new</c> options of a row.</summary>
    public static IReadOnlyList<string> Options(string store, bool redis, string? keyPrefix, bool noTests, bool ownDisclosure)
    {
        List<string> options = ["--store", store];
        if (redis)
        {
            options.Add("--redis");
        }

        if (keyPrefix is not null)
        {
            options.AddRange(["--key-prefix", keyPrefix]);
        }

        if (noTests)
        {
            options.Add("--no-tests");
        }

        if (ownDisclosure)
        {
            options.AddRange(["--security-contact", Disclosure.Contact, "--security-policy", Disclosure.Policy, "--security-expires", Disclosure.Expires]);
        }

        return options;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task The_generated_solution_builds_with_warnings_as_errors_and_passes_its_tests(
        string name, string store, bool redis, string? keyPrefix, bool noTests, bool ownDisclosure)
    {
        var (solution, build) = await fixture.GetBuiltSolutionAsync(name, Options(store, redis, keyPrefix, noTests, ownDisclosure));
        AssertContent(solution, store, redis, keyPrefix ?? "rmp", noTests);
        DeliveryFiles.AssertDockerfile(solution, store);
        DeliveryFiles.AssertCompose(solution, store, redis);
        DeliveryFiles.AssertWorkflow(solution, noTests);
        DeliveryFiles.AssertDependabot(solution);
        DeliveryFiles.AssertDisclosure(solution, ownDisclosure ? Disclosure.Contact : Placeholders.Contact, ownDisclosure ? Disclosure.Policy : Placeholders.Policy);
        if (ownDisclosure)
        {
            Assert.Contains($"\"Expires\": \"{Disclosure.Expires}\"", solution.Read($"src/{name}/appsettings.json"), StringComparison.Ordinal);
        }

        output.WriteLine(build.Describe(2000));
        Assert.True(build.Succeeded, build.Describe());

        if (!noTests)
        {
            var test = await solution.TestAsync();
            output.WriteLine(test.Describe(3000));
            Assert.True(test.Succeeded, test.Describe());
            var summary = TestSummary().Match(test.Output);
            Assert.True(summary.Success, "No test summary in the output. " + test.Describe());
            Assert.Equal("0", summary.Groups["failed"].Value);
            Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 25, test.Describe());
        }
    }

    private static void AssertContent(GeneratedSolution solution, string store, bool redis, string prefix, bool noTests)
    {
        var files = solution.Files();
        var api = $"src/{solution.Name}";
        var tests = $"tests/{solution.Name}.Tests";
        foreach (var expected in new[]
        {
            ".editorconfig", ".gitignore", "Directory.Build.props", "Directory.Packages.props", "README.md", $"{solution.Name}.slnx",
            "Dockerfile", ".dockerignore", "SECURITY.md", ".github/workflows/ci.yml", ".github/dependabot.yml",
            $"{api}/{solution.Name}.csproj", $"{api}/Program.cs", $"{api}/appsettings.json", $"{api}/Security/DevelopmentKey.cs",
        })
        {
            Assert.Contains(expected, files);
        }

        Assert.Equal(!noTests, files.Any(f => f.StartsWith(tests + "/", StringComparison.Ordinal)));
        Assert.Equal(!noTests, solution.Read($"{solution.Name}.slnx").Contains(".Tests.csproj", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("NoTests", StringComparison.Ordinal) || f.Contains("template.config", StringComparison.Ordinal));

        var project = solution.Read($"{api}/{solution.Name}.csproj");
        var packages = solution.Read("Directory.Packages.props");
        Assert.Contains("<PackageReference Include=\"Rampart.AspNetCore\" />", project, StringComparison.Ordinal);
        Assert.Equal(store == "postgres", project.Contains("\"Rampart.PostgreSql\"", StringComparison.Ordinal));
        Assert.Equal(store == "postgres", packages.Contains("\"Rampart.PostgreSql\"", StringComparison.Ordinal));
        Assert.Equal(redis, project.Contains("\"Rampart.Redis\"", StringComparison.Ordinal));
        Assert.Equal(redis, packages.Contains("\"Rampart.Redis\"", StringComparison.Ordinal));
        Assert.Matches("<UserSecretsId>[0-9a-f-]{36}</UserSecretsId>", project);

        var settings = solution.Read($"{api}/appsettings.json");
        Assert.Contains($"\"Prefix\": \"{prefix}\"", settings, StringComparison.Ordinal);
        Assert.Equal(store == "postgres", settings.Contains("Host=localhost", StringComparison.Ordinal));
        Assert.DoesNotContain("Password=", settings, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(store == "sqlite", settings.Contains("\"Sqlite\":", StringComparison.Ordinal));
        Assert.Equal(redis, settings.Contains("\"Redis\":", StringComparison.Ordinal));
        foreach (var window in new[] { "\"burst\":", "\"minute\":", "\"day\":" })
        {
            Assert.Contains(window, settings, StringComparison.Ordinal);
        }

        var program = solution.Read($"{api}/Program.cs");
        Assert.Contains("AddRampart(", program, StringComparison.Ordinal);
        Assert.Contains("app.UseRampart();", program, StringComparison.Ordinal);
        Assert.Contains("builder.WebHost.UseRampartTls();", program, StringComparison.Ordinal);
        Assert.Contains("builder.EnsureRampartDevelopmentPepper();", program, StringComparison.Ordinal);
        Assert.Contains("if (await app.RunRampartCommandAsync(args))", program, StringComparison.Ordinal);
        Assert.Contains("app.MapRampartKeys(\"/admin/keys\");", program, StringComparison.Ordinal);
        Assert.Equal(store == "postgres", program.Contains("AddRampartPostgreSql(", StringComparison.Ordinal));
        Assert.Equal(redis, program.Contains("AddRampartRedisRateLimits(", StringComparison.Ordinal));
        Assert.Contains("AddHealthChecks().AddRampartHealthChecks()", program, StringComparison.Ordinal);
        Assert.Contains("app.MapSecurityTxt();", program, StringComparison.Ordinal);
        Assert.Matches(@"if \(app\.Environment\.IsDevelopment\(\)\)\s*\{[^}]*app\.MapApiDocumentation\(\);", program);
        // Nothing in Program.cs exists for the tests' sake: they configure the app from outside.
        Assert.DoesNotContain("InMemory", program, StringComparison.Ordinal);
        Assert.DoesNotContain(":Enabled", program, StringComparison.Ordinal);
        Assert.DoesNotContain("[store]", program, StringComparison.Ordinal);
        Assert.DoesNotContain("[redis]", program, StringComparison.Ordinal);
        Assert.Contains(".RateLimitCost(", solution.Read($"{api}/Endpoints/OrderEndpoints.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("#error", program, StringComparison.Ordinal);

        var editorConfig = solution.Read(".editorconfig");
        for (var rule = 1; rule <= 8; rule++)
        {
            Assert.Contains($"dotnet_diagnostic.RMP{rule:0000}.severity = error", editorConfig, StringComparison.Ordinal);
        }

        foreach (var file in files)
        {
            var text = solution.Read(file);
            // Template markers and placeholders are all replaced.
            Assert.DoesNotContain("//#if", text, StringComparison.Ordinal);
            Assert.DoesNotContain("#endif", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<!--#", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tmplprefix", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tmplsecurity", text, StringComparison.Ordinal);
            Assert.DoesNotContain("RampartApi", text, StringComparison.Ordinal);
            Assert.DoesNotContain("0.0.0-rampart", text, StringComparison.Ordinal);
            SecretScan.AssertNoSecret(file, text);
        }
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+)")]
    private static partial Regex TestSummary();
}
