using System.Diagnostics;

namespace Rampart.Samples.Tests;

/// <summary>Starts processes as a newcomer would from a shell, and finds the repository they run in.</summary>
internal static class SampleProcess
{
    public static Process Start(string file, string[] arguments, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Sdk.sln) was not found.");
    }
}
