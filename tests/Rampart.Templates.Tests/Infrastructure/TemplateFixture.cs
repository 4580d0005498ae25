using System.IO.Compression;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>
/// Set up once for every template test: packs Rampart's packages from src/ into a folder feed,
/// installs the template from the repository into a private template hive, and gives every
/// generated solution one NuGet configuration and one shared packages folder, so third-party
/// packages are restored once. Nothing outside a temporary folder is written: the machine's
/// templates, package cache and user-secrets stay as they were.
/// </summary>
public sealed class TemplateFixture : IAsyncLifetime
{
    /// <summary>Inside the Rampart.AspNetCore package, where the analyzers must be for projects to load them.</summary>
    public const string AnalyzerEntry = "analyzers/dotnet/cs/Rampart.Analyzers.dll";

    private static readonly string[] PackedProjects = ["Rampart.AspNetCore", "Rampart.PostgreSql", "Rampart.Redis"];

    private readonly SemaphoreSlim _guardedLock = new(1, 1);
    private readonly SemaphoreSlim _builtLock = new(1, 1);
    private readonly Dictionary<string, (GeneratedSolution Solution, CommandResult Build)> _built = new(StringComparer.Ordinal);
    private GeneratedSolution? _guarded;

    public string Root { get; } = Directory.CreateTempSubdirectory("rampart-template-tests-").FullName;

    /// <summary>The local folder feed the generated solutions restore Rampart's packages from.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The packages folder shared by every generated solution of this run.</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The private template hive (<c>--debug:custom-hive</c>).</summary>
    public string Hive => Path.Combine(Root, "hive");

    /// <summary>The <c>DOTNET_CLI_HOME</c> of every command the tests run.</summary>
    public string CliHome => Path.Combine(Root, "home");

    /// <summary>Where solutions are generated; its nuget.config applies to all of them.</summary>
    public string Work => Path.Combine(Root, "work");

    /// <summary>
    /// The repository's version with a suffix unique to this run, so no package cache on the
    /// machine can ever serve an older build of the same version.
    /// </summary>
    public string RampartVersion { get; } = $"{RepositoryPaths.Version}-templatetest.{DateTime.UtcNow:yyyyMMddHHmmss}";

    public string AspNetCorePackage => Path.Combine(Feed, $"Rampart.AspNetCore.{RampartVersion}.nupkg");

    internal DotNetCli Cli { get; private set; } = null!;

    /// <summary>Whether the packed Rampart.AspNetCore carries the analyzers.</summary>
    public bool PackageHasAnalyzers { get; private set; }

    /// <summary>The entries of the packed Rampart.AspNetCore package.</summary>
    public IReadOnlyList<string> AspNetCorePackageEntries { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Packages);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(CliHome);
        Cli = new DotNetCli(new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Packages,
            // The CLI's own folder (first-run markers, NuGet user configuration, template settings) is private to the run.
            ["DOTNET_CLI_HOME"] = CliHome,
        });

        foreach (var project in PackedProjects)
        {
            var pack = await Cli.RunAsync(RepositoryPaths.Root,
            [
                "pack", RepositoryPaths.SourceProject(project), "-c", "Release", "-o", Feed,
                "--artifacts-path", Path.Combine(Root, "artifacts"), $"-p:Version={RampartVersion}", "-nodeReuse:false",
            ]);
            if (!pack.Succeeded)
            {
                throw new InvalidOperationException("Packing " + project + " failed. " + pack.Describe());
            }
        }

        using (var package = ZipFile.OpenRead(AspNetCorePackage))
        {
            AspNetCorePackageEntries = package.Entries.Select(e => e.FullName).ToList();
        }

        PackageHasAnalyzers = AspNetCorePackageEntries.Contains(AnalyzerEntry, StringComparer.OrdinalIgnoreCase);

        WriteNuGetConfig(Path.Combine(Work, "nuget.config"));

        var install = await Cli.RunAsync(Root, ["new", "install", RepositoryPaths.TemplateContent, "--debug:custom-hive", Hive]);
        if (!install.Succeeded || !install.Output.Contains("rampart-api", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Installing the template from the repository failed. " + install.Describe());
        }
    }

    /// <summary>Runs <c>dotnet new rampart-api</c> with <paramref name="options"/> into a new folder of <see cref="Work"/>.</summary>
    public async Task<GeneratedSolution> CreateAsync(string name, IEnumerable<string> options, string? hive = null)
    {
        var output = Path.Combine(Work, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        var result = await Cli.RunAsync(Work,
        [
            "new", "rampart-api", "-n", name, "-o", output, "--rampart-version", RampartVersion,
            .. options, "--no-update-check", "--debug:custom-hive", hive ?? Hive,
        ]);
        Assert.True(result.Succeeded, result.Describe());
        return new GeneratedSolution(output, name, Cli);
    }

    /// <summary>
    /// A solution generated with <paramref name="options"/> and built once for every test that asks
    /// for the same name and options, so a check that runs the app adds no build of its own.
    /// </summary>
    internal async Task<(GeneratedSolution Solution, CommandResult Build)> GetBuiltSolutionAsync(string name, IReadOnlyList<string> options)
    {
        var key = name + " " + string.Join(' ', options);
        await _builtLock.WaitAsync();
        try
        {
            if (!_built.TryGetValue(key, out var built))
            {
                var solution = await CreateAsync(name, options);
                built = (solution, await solution.BuildAsync());
                _built[key] = built;
            }

            return built;
        }
        finally
        {
            _builtLock.Release();
        }
    }

    /// <summary>
    /// A generated solution (no tests project, prefix <c>guard</c>) that builds cleanly, for the
    /// analyzer checks to add offending code to. Made once and reused.
    /// </summary>
    public async Task<GeneratedSolution> GetGuardedSolutionAsync()
    {
        await _guardedLock.WaitAsync();
        try
        {
            if (_guarded is null)
            {
                var solution = await CreateAsync("Guarded", ["--no-tests", "--key-prefix", "guard"]);

                // Data classification types, for the "classified value logged" check.
                var project = Path.Combine(solution.Directory, "src", "Guarded", "Guarded.csproj");
                var text = await File.ReadAllTextAsync(project);
                text = text.Replace(
                    "<PackageReference Include=\"Rampart.AspNetCore\" />",
                    "<PackageReference Include=\"Rampart.AspNetCore\" />\n    <PackageReference Include=\"Microsoft.Extensions.Compliance.Abstractions\" VersionOverride=\""
                        + RepositoryPaths.PackageVersion("Microsoft.Extensions.Compliance.Abstractions") + "\" />",
                    StringComparison.Ordinal);
                await File.WriteAllTextAsync(project, text);

                var build = await solution.BuildAsync();
                Assert.True(build.Succeeded, "The generated solution must build before offending code is added. " + build.Describe());
                _guarded = solution;
            }

            return _guarded;
        }
        finally
        {
            _guardedLock.Release();
        }
    }

    /// <summary>A NuGet configuration: Rampart's packages only from the local feed, everything else from the public source.</summary>
    public void WriteNuGetConfig(string path)
    {
        var machinePackages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(machinePackages)
            ? $"""
                <fallbackPackageFolders>
                  <clear />
                  <add key="machine" value="{machinePackages}" />
                </fallbackPackageFolders>
              """
            : string.Empty;
        File.WriteAllText(path, NuGetConfig(Feed, $"""
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
            {fallback}
            """));
    }

    /// <summary>A nuget.config taking Rampart's packages from <paramref name="feed"/> alone and everything else from the public source.</summary>
    internal static string NuGetConfig(string feed, string extraConfiguration) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
        {extraConfiguration}
          <packageSources>
            <clear />
            <add key="rampart-local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="rampart-local">
              <package pattern="Rampart.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    public Task DisposeAsync()
    {
        _guardedLock.Dispose();
        _builtLock.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still closing may hold a file; the folder is in the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}

/// <summary>Runs the template tests one after another: they share the packed feed, the hive and the packages folder.</summary>
[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplateFixture>
{
    public const string Name = "Template";
}
