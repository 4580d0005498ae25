using System.Xml.Linq;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TemplateProject => Path.Combine(Root, "templates", "Rampart.Templates", "Rampart.Templates.csproj");

    /// <summary>The template folder that <c>dotnet new install</c> takes from the repository.</summary>
    public static string TemplateContent => Path.Combine(Root, "templates", "Rampart.Templates", "content", "RampartApi");

    public static string SourceProject(string name) => Path.Combine(Root, "src", name, name + ".csproj");

    /// <summary>The repository's package version (<c>Version</c> in Directory.Build.props).</summary>
    public static string Version => Property(Path.Combine(Root, "Directory.Build.props"), "Version");

    /// <summary>A version pinned in the repository's Directory.Packages.props.</summary>
    public static string PackageVersion(string id)
        => XDocument.Load(Path.Combine(Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            .Attribute("Version")!.Value;

    private static string Property(string file, string name)
        => XDocument.Load(file).Descendants(name).Select(e => e.Value.Trim()).First(v => v.Length > 0);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sdk.sln")) && Directory.Exists(Path.Combine(directory.FullName, "templates")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (with Sdk.sln and templates/) was not found above {AppContext.BaseDirectory}.");
    }
}
