using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;
using Rampart.Templates.Tests.Infrastructure;

namespace Rampart.Templates.Tests;

/// <summary>
/// Rampart's analyzers are live in a generated solution: offending code fails its build.
/// </summary>
/// <remarks>
/// The analyzers reach a generated solution inside the Rampart.AspNetCore package. Whether the
/// package carries them is asserted by <see cref="The_packed_Rampart_AspNetCore_package_ships_the_analyzers"/>
/// alone; the two build checks run only when it does, so a package without analyzers fails that
/// one test, by name, rather than every check at once.
/// </remarks>
[Collection(TemplateCollection.Name)]
public sealed class AnalyzerTests(TemplateFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void The_packed_Rampart_AspNetCore_package_ships_the_analyzers()
    {
        Assert.True(
            fixture.PackageHasAnalyzers,
            $"The analyzers are missing from the package: {Path.GetFileName(fixture.AspNetCorePackage)} has no {TemplateFixture.AnalyzerEntry}, "
                + "so solutions made from the template are not checked by RMP0001-RMP0008. The package holds:\n  "
                + string.Join("\n  ", fixture.AspNetCorePackageEntries));
    }

    [Fact]
    public async Task A_hard_coded_Rampart_key_fails_the_generated_build()
    {
        if (!AnalyzersPresent())
        {
            return;
        }

        var solution = await fixture.GetGuardedSolutionAsync();
        var key = await NewKeyAsync("guard");
        var build = await BuildWithAsync(solution, "PartnerClient.cs", $$"""
            namespace Guarded.Leaks;

            internal static class PartnerClient
            {
                public const string ApiKey = "{{key}}";
            }
            """);

        AssertFailedOnlyByRampart(build, "RMP0001");
    }

    [Fact]
    public async Task Logging_a_classified_value_fails_the_generated_build()
    {
        if (!AnalyzersPresent())
        {
            return;
        }

        var solution = await fixture.GetGuardedSolutionAsync();
        var build = await BuildWithAsync(solution, "CustomerLog.cs", """
            using Microsoft.Extensions.Compliance.Classification;

            namespace Guarded.Leaks;

            internal sealed class PersonalDataAttribute : DataClassificationAttribute
            {
                public PersonalDataAttribute()
                    : base(new DataClassification("Guarded", "Personal"))
                {
                }
            }

            internal sealed class Customer
            {
                [PersonalData]
                public string Email { get; init; } = string.Empty;
            }

            internal static class CustomerLog
            {
                public static void SignedIn(ILogger logger, Customer customer)
                    => logger.LogInformation("Customer {Email} signed in", customer.Email);
            }
            """);

        AssertFailedOnlyByRampart(build, "RMP0007");
    }

    private bool AnalyzersPresent()
    {
        if (!fixture.PackageHasAnalyzers)
        {
            output.WriteLine($"Not checked: the packed Rampart.AspNetCore has no {TemplateFixture.AnalyzerEntry}; "
                + $"{nameof(The_packed_Rampart_AspNetCore_package_ships_the_analyzers)} fails for that.");
        }

        return fixture.PackageHasAnalyzers;
    }

    /// <summary>Adds <paramref name="code"/> to the generated API project, builds, and takes the file out again.</summary>
    private async Task<CommandResult> BuildWithAsync(GeneratedSolution solution, string fileName, string code)
    {
        var path = Path.Combine(solution.ApiProjectDirectory, "Leaks", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, code + "\n");
        try
        {
            var build = await solution.BuildAsync();
            output.WriteLine(build.Describe(4000));
            return build;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertFailedOnlyByRampart(CommandResult build, string rule)
    {
        Assert.False(build.Succeeded, $"The build should have failed with {rule}. " + build.Describe());
        var errors = GeneratedSolution.ErrorIds(build);
        Assert.Contains(rule, errors);
        // The offending file is otherwise valid code: only Rampart's rules may fail it.
        Assert.All(errors, id => Assert.StartsWith("RMP", id, StringComparison.Ordinal));
    }

    /// <summary>A real, checksum-valid key, issued by Rampart's own key manager.</summary>
    private static async Task<string> NewKeyAsync(string prefix)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddRampart(options =>
            {
                options.Keys.Prefix = prefix;
                options.Keys.Peppers[1] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            });
        await using var provider = services.BuildServiceProvider();
        var created = await provider.GetRequiredService<IApiKeyManager>().CreateAsync(new ApiKeyCreateRequest
        {
            Name = "leaked",
            Owner = "template-tests",
            Organization = "template-tests",
            Scopes = ["orders:read"],
        });
        Assert.StartsWith(prefix + "_live_", created.Key, StringComparison.Ordinal);
        return created.Key;
    }
}
