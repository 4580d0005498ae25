using Rampart.Analyzers.RealCode;

// Usage: dotnet run -c Release --project tests/Rampart.Analyzers.RealCode -- <repository root> <report file>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Rampart.Analyzers.RealCode <repository root> <report file>");
    return 2;
}

var report = await CodeBaseRun.RunAsync(args[0]);
await File.WriteAllLinesAsync(args[1], report.Lines);
Console.WriteLine($"{report.Projects} projects, {report.Files} files, {report.SourceLines} lines, {report.Hits} hits; compile errors {report.CompileErrors} (missing packages); test projects {report.TestProjects} with {report.TestLines} lines and {report.TestHits} hits.");
return 0;
