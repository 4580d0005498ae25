using System.Text.RegularExpressions;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>A solution made by <c>dotnet new rampart-api</c>.</summary>
public sealed partial class GeneratedSolution
{
    private readonly DotNetCli _cli;

    internal GeneratedSolution(string directory, string name, DotNetCli cli)
    {
        Directory = directory;
        Name = name;
        _cli = cli;
    }

    public string Directory { get; }

    public string Name { get; }

    public string SolutionFile => Path.Combine(Directory, Name + ".slnx");

    public string ApiProjectDirectory => Path.Combine(Directory, "src", Name);

    public string TestsProjectDirectory => Path.Combine(Directory, "tests", Name + ".Tests");

    /// <summary>Every generated file, as a path relative to the solution folder with '/' separators.</summary>
    public IReadOnlyList<string> Files()
        => System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>Builds the solution with every warning as an error.</summary>
    internal Task<CommandResult> BuildAsync()
        => _cli.RunAsync(Directory, ["build", SolutionFile, "-warnaserror", "-nodeReuse:false", "-clp:NoSummary;ErrorsOnly", "-v:q"]);

    /// <summary>Runs the generated tests on the build made by <see cref="BuildAsync"/>.</summary>
    internal Task<CommandResult> TestAsync()
        => _cli.RunAsync(Directory, ["test", SolutionFile, "--no-build", "-nodeReuse:false"]);

    /// <summary>The ids of the errors a build reported (CS1029, RMP0001, ...), each once.</summary>
    internal static IReadOnlySet<string> ErrorIds(CommandResult build)
        => ErrorId().Matches(build.Output).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\berror (?<id>[A-Z]+[0-9]+)\s*:")]
    private static partial Regex ErrorId();
}
