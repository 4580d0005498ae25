using System.IO.Compression;
using Rampart.Templates.Tests.Infrastructure;

namespace Rampart.Templates.Tests;

/// <summary>The <c>--key-prefix</c> check, and the template as shipped in its package.</summary>
[Collection(TemplateCollection.Name)]
public sealed class TemplateOptionTests(TemplateFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("ab")]
    [InlineData("a12345678901")]
    [InlineData("shop")]
    public async Task A_valid_key_prefix_is_written_to_the_settings_without_an_error(string prefix)
    {
        var solution = await fixture.CreateAsync("Prefixed", ["--no-tests", "--key-prefix", prefix]);

        Assert.Contains($"\"Prefix\": \"{prefix}\"", solution.Read("src/Prefixed/appsettings.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("#error", solution.Read("src/Prefixed/Program.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("acme_live")]
    [InlineData("abcdefghijklm")]
    public async Task An_invalid_key_prefix_makes_the_solution_say_so_at_its_first_build(string prefix)
    {
        var solution = await fixture.CreateAsync("Misprefixed", ["--no-tests", "--key-prefix", prefix]);

        var program = solution.Read("src/Misprefixed/Program.cs");
        Assert.StartsWith("#error The key prefix '" + prefix + "'", program, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_key_prefix_fails_the_build_with_a_message_naming_the_option()
    {
        var solution = await fixture.CreateAsync("Misprefixed", ["--no-tests", "--key-prefix", "Bad_Prefix"]);

        var build = await solution.BuildAsync();
        output.WriteLine(build.Describe(3000));

        Assert.False(build.Succeeded);
        Assert.Contains("CS1029", GeneratedSolution.ErrorIds(build));
        Assert.Contains("--key-prefix", build.Output, StringComparison.Ordinal);
        Assert.Contains("2 to 12 lower-case letters or digits", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_packed_template_package_installs_and_makes_the_same_solution_as_the_repository()
    {
        var packageFolder = Path.Combine(fixture.Root, "template-package");
        var pack = await fixture.Cli.RunAsync(RepositoryPaths.Root,
        [
            "pack", RepositoryPaths.TemplateProject, "-c", "Release", "-o", packageFolder,
            "--artifacts-path", Path.Combine(fixture.Root, "artifacts"), "-nodeReuse:false",
        ]);
        Assert.True(pack.Succeeded, pack.Describe());
        var package = Assert.Single(Directory.GetFiles(packageFolder, "Rampart.Templates.*.nupkg"));
        Assert.EndsWith($".{RepositoryPaths.Version}.nupkg", package, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("content/RampartApi/.template.config/template.json", entries);
            Assert.DoesNotContain(entries, e => e.Contains("/bin/", StringComparison.Ordinal) || e.Contains("/obj/", StringComparison.Ordinal));
        }

        var hive = Path.Combine(fixture.Root, "package-hive");
        var install = await fixture.Cli.RunAsync(fixture.Root, ["new", "install", package, "--debug:custom-hive", hive]);
        Assert.True(install.Succeeded, install.Describe());
        Assert.Contains("rampart-api", install.Output, StringComparison.Ordinal);

        string[] options = ["--store", "postgres", "--redis", "--key-prefix", "pkg"];
        var fromPackage = await fixture.CreateAsync("Same", options, hive);
        var fromRepository = await fixture.CreateAsync("Same", options);

        Assert.Equal(fromRepository.Files(), fromPackage.Files());
        Assert.Equal(fromRepository.Read("src/Same/Program.cs"), fromPackage.Read("src/Same/Program.cs"));
    }

    [Fact]
    public void The_template_references_the_repository_version_of_the_Rampart_packages_by_default()
    {
        var template = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.TemplateContent, ".template.config", "template.json")));
        var version = template.RootElement.GetProperty("symbols").GetProperty("RampartVersion").GetProperty("defaultValue").GetString();

        Assert.Equal(RepositoryPaths.Version, version);
    }
}
