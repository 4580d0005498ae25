using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Rampart.Templates.Tests.Infrastructure;
using Rampart.Testing;

namespace Rampart.Templates.Tests.Packaging;

/// <summary>Packs every Rampart package as CI would, unpacks it and checks what a team shipping it needs.</summary>
public sealed class PackageContentTests
{
    private static readonly string[] Packages = ["Rampart.AspNetCore", "Rampart.PostgreSql", "Rampart.Redis", "Rampart.OpenApi"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_package_has_readme_license_repository_symbols_tags_exact_sibling_versions_and_no_build_paths(bool artifactsPath)
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "packages");
        var cli = new DotNetCli(new Dictionary<string, string>());
        foreach (var id in Packages)
        {
            string[] arguments = artifactsPath
                ? ["pack", RepositoryPaths.SourceProject(id), "-c", "Release", "-o", output, "--artifacts-path", Path.Combine(folder.Path, "artifacts"), "-p:ContinuousIntegrationBuild=true", "-nodeReuse:false"]
                : ["pack", RepositoryPaths.SourceProject(id), "-c", "Release", "-o", output, "-p:ContinuousIntegrationBuild=true", "-nodeReuse:false"];
            var result = await cli.RunAsync(RepositoryPaths.Root, arguments, TimeSpan.FromMinutes(10));
            Assert.True(result.Succeeded, result.Describe());
        }

        var version = RepositoryPaths.Version;
        foreach (var id in Packages)
        {
            var package = Path.Combine(output, $"{id}.{version}.nupkg");
            Assert.True(File.Exists(Path.Combine(output, $"{id}.{version}.snupkg")), $"{id} has no symbols package");
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", entries);
            Assert.Contains("LICENSE", entries);

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Contains("api-key", metadata.Element(ns + "tags")?.Value ?? string.Empty, StringComparison.Ordinal);
            var repository = metadata.Element(ns + "repository");
            Assert.StartsWith("https://", repository?.Attribute("url")?.Value, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{40}$", repository?.Attribute("commit")?.Value ?? string.Empty);

            // Sibling packages use each other's internals: only the exact version will do.
            var siblings = metadata.Descendants(ns + "dependency").Where(d => ((string?)d.Attribute("id"))?.StartsWith("Rampart.", StringComparison.Ordinal) == true).ToList();
            Assert.All(siblings, d => Assert.Equal($"[{version}]", (string?)d.Attribute("version")));
            if (id != "Rampart.AspNetCore")
            {
                Assert.NotEmpty(siblings);
            }
            else
            {
                Assert.Contains("analyzers/dotnet/cs/Rampart.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/Rampart.Analyzers.CodeFixes.dll", entries);
            }

            // A CI build records /_/ paths, not the build machine's.
            var dll = zip.GetEntry($"lib/net10.0/{id}.dll")!;
            using var memory = new MemoryStream();
            using (var dllStream = dll.Open())
            {
                await dllStream.CopyToAsync(memory);
            }

            memory.Position = 0;
            using var pe = new PEReader(memory);
            var codeView = pe.ReadDebugDirectory().First(e => e.Type == DebugDirectoryEntryType.CodeView);
            var pdbPath = pe.ReadCodeViewDebugDirectoryData(codeView).Path;
            Assert.StartsWith("/_/", pdbPath, StringComparison.Ordinal);
            Assert.DoesNotContain(RepositoryPaths.Root.TrimEnd('/'), pdbPath, StringComparison.Ordinal);
        }
    }
}
