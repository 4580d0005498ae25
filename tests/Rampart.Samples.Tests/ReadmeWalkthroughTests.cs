using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Rampart.Samples.Tests;

/// <summary>
/// Starts the sample with the README's run command and runs every command of the README's
/// walkthrough, checking each result the README promises (<c># → 200</c>).
/// </summary>
public sealed partial class ReadmeWalkthroughTests(ITestOutputHelper output)
{
    private const string ReadmeBase = "https://localhost:5001";

    [Fact]
    public async Task The_readme_walkthrough_works_against_the_sample()
    {
        var root = SampleProcess.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("rampart-readme-");
        var port = LoopbackPort.Free();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Rampart__Keys__Peppers__1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rampart__Store__Sqlite__Path"] = Path.Combine(work.FullName, "keys.db"),
            ["Rampart__Logging__Store__ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "audit.db")}",
            ["ASPNETCORE_URLS"] = $"https://localhost:{port}", // the port is chosen as in any ASP.NET Core app
        };

        using var sample = SampleProcess.Start(Path.Combine(root, "build.sh"), ["sample"], root, environment);
        try
        {
            // `dotnet run` builds the sample first: generous bounds, so a busy machine is slow, not failing.
            var admin = await WaitForAdminKeyAsync(sample, TimeSpan.FromMinutes(10));
            await WaitForHealthAsync($"https://localhost:{port}/health", TimeSpan.FromMinutes(1));
            var (script, checks) = BuildScript(File.ReadAllText(Path.Combine(root, "README.md")), root, admin, $"https://localhost:{port}");
            Assert.True(checks >= 8, $"Only {checks} checked results found in the README walkthrough.");

            using var bash = SampleProcess.Start("bash", ["-c", script], work.FullName, environment);
            var text = await bash.StandardOutput.ReadToEndAsync() + await bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            output.WriteLine(text);

            Assert.DoesNotContain("README check failed", text, StringComparison.Ordinal);
            Assert.Contains($"{checks} README checks passed", text, StringComparison.Ordinal);
        }
        finally
        {
            sample.Kill(entireProcessTree: true);
            await sample.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The bash blocks of "Try the sample", with the admin key and address of this run, and every
    /// line ending in <c># → value</c> turned into a check of its output.
    /// </summary>
    private static (string Script, int Checks) BuildScript(string readme, string root, string admin, string baseUrl)
    {
        var section = readme[readme.IndexOf("## Try the sample", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 5, StringComparison.Ordinal)];
        var lines = new List<string>();
        foreach (Match block in BashBlock().Matches(section))
        {
            // Join continuation lines so each command is one line.
            lines.AddRange(block.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        var script = new StringBuilder();
        script.AppendLine($"ADMIN='{admin}'");
        script.AppendLine($"BASE='{baseUrl}'");
        script.AppendLine("fails=0; checks=0");
        var checks = 0;
        foreach (var raw in lines)
        {
            var line = raw.Replace("--project samples/", $"--project {root}/samples/", StringComparison.Ordinal);
            if (line.StartsWith("ADMIN=", StringComparison.Ordinal) || line.StartsWith("BASE=", StringComparison.Ordinal))
            {
                continue;
            }

            var expectation = Expectation().Match(line);
            if (!expectation.Success)
            {
                script.AppendLine(line);
                continue;
            }

            checks++;
            var command = line[..expectation.Index].TrimEnd();
            var expected = expectation.Groups[1].Value.Trim();
            script.AppendLine($"out=$({command})");
            script.AppendLine($"if [ \"$out\" = '{expected}' ]; then checks=$((checks+1)); else echo \"README check failed: {command.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal)} gave '$out', expected '{expected}'\"; fails=$((fails+1)); fi");
        }

        script.AppendLine("echo \"$checks README checks passed, $fails failed\"");
        return (script.ToString(), checks);
    }

    private static async Task<string> WaitForAdminKeyAsync(Process sample, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var seen = new StringBuilder();
        while (!cancellation.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await sample.StandardOutput.ReadLineAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (line is null)
            {
                break;
            }

            seen.AppendLine(line);
            if (AdminKey().Match(line) is { Success: true } match)
            {
                return match.Value;
            }
        }

        var errors = sample.HasExited ? await sample.StandardError.ReadToEndAsync() : string.Empty;
        throw new InvalidOperationException($"The sample printed no admin key within {timeout}. Its output:\n{seen}\n{errors}");
    }

    private static async Task WaitForHealthAsync(string url, TimeSpan timeout)
    {
        // The sample's development certificate is not trusted on a fresh machine; curl -k does the same.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The sample did not answer {url}.");
            }

            await Task.Delay(250);
        }
    }

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"#\s*→\s*(\S+)\s*$")]
    private static partial Regex Expectation();

    [GeneratedRegex(@"\bord_test_[0-9A-Za-z]{61}\b")]
    private static partial Regex AdminKey();
}
