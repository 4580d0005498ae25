using Rampart.Analyzers.RealCode;

// Usage: dotnet run -c Release --project tests/Rampart.Analyzers.RealCode -- <repository root> <report file> [--no-packages] [--package-cache <folder>] [--errors <file>]
var positional = new List<string>();
var restorePackages = true;
string? errorsFile = null;
var cache = Path.Combine(Path.GetTempPath(), "rampart-realcode-packages");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--no-packages":
            restorePackages = false;
            break;
        case "--package-cache" when i + 1 < args.Length:
            cache = Path.GetFullPath(args[++i]);
            break;
        case "--errors" when i + 1 < args.Length:
            errorsFile = Path.GetFullPath(args[++i]);
            break;
        default:
            positional.Add(args[i]);
            break;
    }
}

if (positional.Count != 2)
{
    Console.Error.WriteLine("usage: Rampart.Analyzers.RealCode <repository root> <report file> [--no-packages] [--package-cache <folder>] [--errors <file>]");
    return 2;
}

var report = await CodeBaseRun.RunAsync(positional[0], new RunOptions(restorePackages, cache) { ErrorsFile = errorsFile }, Console.Out);
await File.WriteAllLinesAsync(positional[1], report.Lines);
if (report.Packages is { } packages)
{
    Console.WriteLine($"packages: {packages.Referenced.Count} referenced, {packages.Restored.Count} restored, {packages.NotServed.Count} not served, {packages.Substituted.Count} taken at another version.");
    foreach (var line in packages.NotServed)
    {
        Console.WriteLine($"  not served: {line}");
    }

    foreach (var line in packages.Substituted)
    {
        Console.WriteLine($"  other version: {line}");
    }

    Console.WriteLine($"compile errors: {packages.CompileErrorsWithoutPackages} without packages, {report.CompileErrors} with them.");
}

Console.WriteLine($"{report.Projects} projects, {report.Files} files, {report.SourceLines} lines, {report.Hits} hits; compile errors {report.CompileErrors}{(report.Packages is null ? " (missing packages)" : "")}; test projects {report.TestProjects} with {report.TestLines} lines and {report.TestHits} hits.");
return 0;
