using System.Diagnostics;
using System.Text;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>What a <c>dotnet</c> command printed and how it ended.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command and the end of its output, for assertion messages.</summary>
    public string Describe(int maxChars = 6000)
    {
        var tail = Output.Length <= maxChars ? Output : "…" + Output[^maxChars..];
        return $"`{CommandLine}` exited with {ExitCode} after {Duration.TotalSeconds:0.0}s:\n{tail}";
    }
}

/// <summary>
/// Runs the <c>dotnet</c> CLI in a clean environment: no MSBuild settings leak in from the test
/// host, no telemetry, no build nodes left behind, English messages.
/// </summary>
internal sealed class DotNetCli(IReadOnlyDictionary<string, string> environment)
{
    // Generous: a pack or build on a busy two-core machine can take many minutes; a hung command still ends.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    public static string Executable { get; } = FindDotNet();

    public Task<CommandResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null)
        => RunAsync(CreateStartInfo(workingDirectory, arguments), timeout ?? DefaultTimeout);

    /// <summary>Runs <paramref name="start"/> (any program) to its end, its output captured, stopped after <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[timed out after {timeout.TotalSeconds:0}s and was stopped]");
            return new CommandResult(Format(start), -1, Snapshot(output), clock.Elapsed);
        }

        // The asynchronous readers may still be draining after exit; WaitForExit() without a timeout waits for them.
        process.WaitForExit();
        return new CommandResult(Format(start), process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    /// <summary>A <c>dotnet</c> command with this CLI's clean environment, not started.</summary>
    public ProcessStartInfo CreateStartInfo(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name is "MSBuildExtensionsPath" or "MSBuildSDKsPath" or "MSBuildLoadMicrosoftTargetsReadOnly")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Format(ProcessStartInfo start)
        => Path.GetFileNameWithoutExtension(start.FileName) + " " + string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    private static string FindDotNet()
    {
        // The muxer that runs these tests, so the generated projects build with the same SDK.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, name)))
        {
            return Path.Combine(root, name);
        }

        return name;
    }
}
