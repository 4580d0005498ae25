using System.Diagnostics;
using Rampart.Templates.Tests.Infrastructure;

namespace Rampart.Templates.Tests;

/// <summary>
/// The generated Dockerfile keeps its rules and, where a Docker engine is reachable, builds. The
/// test output says which of the two was done.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class ContainerImageTests(TemplateFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_generated_Dockerfile_keeps_its_rules_and_builds_where_a_Docker_engine_is_reachable()
    {
        var (solution, _) = await fixture.GetBuiltSolutionAsync("PlainApi", TemplateCombinationTests.Options("sqlite", redis: false, keyPrefix: null, noTests: false, ownDisclosure: false));
        var violations = ContainerRules.Violations(Dockerfile.Parse(solution.Read("Dockerfile")));
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        var engine = await RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], solution.Directory, TimeSpan.FromSeconds(30));
        if (engine.ExitCode != 0)
        {
            output.WriteLine("Checked by its rules only: no Docker engine is reachable here, so the image was not built. " + engine.Output.Trim());
            return;
        }

        var context = PrepareContext(solution);
        var tag = "rampart-template-test:" + Guid.NewGuid().ToString("N")[..12];
        var build = await RunAsync("docker", ["build", "-t", tag, context], context, TimeSpan.FromMinutes(20));
        try
        {
            if (build.ExitCode != 0 && BaseImagesUnavailable(build.Output))
            {
                output.WriteLine("Checked by its rules only: a Docker engine is reachable but the base images could not be pulled (no network?), so the image was not built.\n" + Tail(build.Output));
                return;
            }

            Assert.True(build.ExitCode == 0, "docker build failed:\n" + Tail(build.Output));
            var user = await RunAsync("docker", ["image", "inspect", "--format", "{{.Config.User}}", tag], context, TimeSpan.FromSeconds(30));
            Assert.Equal(0, user.ExitCode);
            Assert.NotEqual("root", user.Output.Trim());
            Assert.NotEqual(string.Empty, user.Output.Trim());
            output.WriteLine($"Checked by its rules and built: image {tag} runs as user {user.Output.Trim()}.");
        }
        finally
        {
            await RunAsync("docker", ["image", "rm", "-f", tag], context, TimeSpan.FromMinutes(1));
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>
    /// A copy of the solution as the build context, with the run's Rampart packages in it: the
    /// image restores them from there (a <c>nuget.config</c> the Dockerfile copies when present).
    /// </summary>
    private string PrepareContext(GeneratedSolution solution)
    {
        var context = Directory.CreateTempSubdirectory("rampart-image-").FullName;
        foreach (var file in solution.Files())
        {
            var target = Path.Combine(context, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(solution.Directory, file), target);
        }

        var feed = Path.Combine(context, "feed");
        Directory.CreateDirectory(feed);
        foreach (var package in Directory.GetFiles(fixture.Feed, "*.nupkg"))
        {
            File.Copy(package, Path.Combine(feed, Path.GetFileName(package)));
        }

        File.WriteAllText(Path.Combine(context, "nuget.config"), TemplateFixture.NuGetConfig("feed", extraConfiguration: string.Empty));

        // The feed must be in the image before the restore; the generated Dockerfile knows nothing of it.
        var dockerfile = Path.Combine(context, "Dockerfile");
        File.WriteAllText(dockerfile, File.ReadAllText(dockerfile).Replace("WORKDIR /source\n", "WORKDIR /source\nCOPY feed/ feed/\n", StringComparison.Ordinal));
        return context;
    }

    private static bool BaseImagesUnavailable(string output)
        => output.Contains("failed to resolve source metadata", StringComparison.OrdinalIgnoreCase)
            || output.Contains("pull access denied", StringComparison.OrdinalIgnoreCase)
            || (output.Contains("mcr.microsoft.com", StringComparison.Ordinal)
                && (output.Contains("dial tcp", StringComparison.Ordinal) || output.Contains("no such host", StringComparison.Ordinal) || output.Contains("i/o timeout", StringComparison.Ordinal)));

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var result = await DotNetCli.RunAsync(start, timeout);
            return (result.ExitCode, result.Output);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (-1, $"{program} could not be started: {error.Message}");
        }
    }
}
