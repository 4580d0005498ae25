using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Rampart.Templates.Tests.Infrastructure;

/// <summary>
/// Checks of the files a generated solution ships with beside its code: the Dockerfile, the compose
/// file, the CI workflow, the dependency-update configuration and the disclosure policy.
/// </summary>
internal static partial class DeliveryFiles
{
    public static void AssertDockerfile(GeneratedSolution solution, string store)
    {
        var dockerfile = Dockerfile.Parse(solution.Read("Dockerfile"));
        var violations = ContainerRules.Violations(dockerfile);
        Assert.True(violations.Count == 0, "The Dockerfile breaks its rules:\n  " + string.Join("\n  ", violations));

        var final = dockerfile.Final;
        Assert.Contains(final.Instructions, i => i.Keyword == "ENTRYPOINT" && i.Arguments.Contains($"\"{solution.Name}.dll\"", StringComparison.Ordinal));
        Assert.Contains(dockerfile.Stages[0].Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("-warnaserror", StringComparison.Ordinal));
        // The pepper comes from the environment at run time, never from the image.
        Assert.DoesNotContain(dockerfile.Variables(), v => v.Name.Contains("Pepper", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(store == "sqlite", dockerfile.Variables().Any(v => v.Name == "Rampart__Store__Sqlite__Path"));
        Assert.Contains("certs/", solution.Read(".dockerignore").Split('\n'));
    }

    /// <summary>The compose file exists exactly when the app needs other services, parses, and names every one.</summary>
    public static void AssertCompose(GeneratedSolution solution, string store, bool redis)
    {
        var needed = new List<string>();
        if (store == "postgres")
        {
            needed.Add("postgres");
        }

        if (redis)
        {
            needed.Add("redis");
        }

        var exists = File.Exists(Path.Combine(solution.Directory, "compose.yaml"));
        Assert.Equal(needed.Count > 0, exists);
        if (!exists)
        {
            return;
        }

        var compose = Load(solution, "compose.yaml");
        var services = (YamlMappingNode)compose["services"];
        Assert.Equal(needed.Append("api").Order(StringComparer.Ordinal), services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));

        var api = (YamlMappingNode)services["api"];
        Assert.Equal(".", api["build"].ToString());
        var dependsOn = ((YamlMappingNode)api["depends_on"]).Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(needed.Order(StringComparer.Ordinal), dependsOn);

        var environment = ((YamlMappingNode)api["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        Assert.Matches(@"^\$\{RAMPART_PEPPER:\?", environment["Rampart__Keys__Peppers__1"]);
        Assert.Equal(store == "postgres", environment.ContainsKey("Rampart__Store__PostgreSql__ConnectionString"));
        Assert.Equal(redis, environment.TryGetValue("Rampart__RateLimits__Redis__Configuration", out var redisConfiguration) && redisConfiguration.StartsWith("redis:", StringComparison.Ordinal));

        foreach (var (name, service) in services.Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            if (service.Children.TryGetValue("image", out var image))
            {
                Assert.Matches(PinnedTag(), image.ToString());
            }

            if (name != "api")
            {
                // Reachable from the API only, and started before it once healthy.
                Assert.False(service.Children.ContainsKey("ports"), $"compose.yaml publishes a port of {name}.");
                Assert.True(service.Children.ContainsKey("healthcheck"), $"compose.yaml gives {name} no health check.");
            }

            if (service.Children.TryGetValue("environment", out var variables))
            {
                foreach (var variable in ((YamlMappingNode)variables).Children)
                {
                    // A secret is taken from the environment of `docker compose`, never written here.
                    if (SecretName().IsMatch(variable.Key.ToString()))
                    {
                        Assert.Matches(@"^\$\{[A-Z_]+:\?", variable.Value.ToString());
                    }
                }
            }
        }
    }

    public static void AssertWorkflow(GeneratedSolution solution, bool noTests)
    {
        var workflow = Load(solution, ".github/workflows/ci.yml");
        Assert.Equal("read", ((YamlMappingNode)workflow["permissions"])["contents"].ToString());
        var steps = ((YamlMappingNode)workflow["jobs"]).Children.Values
            .SelectMany(job => (YamlSequenceNode)((YamlMappingNode)job)["steps"])
            .Cast<YamlMappingNode>()
            .ToList();
        var commands = steps.Where(s => s.Children.ContainsKey("run")).Select(s => s["run"].ToString()).ToList();

        Assert.Contains(commands, c => c.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("dotnet build", StringComparison.Ordinal)
            && c.Contains("-warnaserror", StringComparison.Ordinal) && c.Contains("-p:RunAnalyzers=true", StringComparison.Ordinal));
        Assert.Equal(!noTests, commands.Any(c => c.StartsWith("dotnet test", StringComparison.Ordinal)));
        Assert.Contains(commands, c => c.StartsWith("docker build", StringComparison.Ordinal));

        // Every action is pinned to a commit, not to a tag that can be moved.
        foreach (var uses in steps.Where(s => s.Children.ContainsKey("uses")).Select(s => s["uses"].ToString()))
        {
            Assert.Matches("^[a-z0-9-]+/[a-z0-9-]+@[0-9a-f]{40}$", uses);
        }
    }

    public static void AssertDependabot(GeneratedSolution solution)
    {
        var config = Load(solution, ".github/dependabot.yml");
        Assert.Equal("2", config["version"].ToString());
        var ecosystems = ((YamlSequenceNode)config["updates"]).Cast<YamlMappingNode>().Select(u => u["package-ecosystem"].ToString()).ToList();
        Assert.Contains("nuget", ecosystems);
        Assert.Contains("docker", ecosystems);
        Assert.Contains("github-actions", ecosystems);
        Assert.Equal(File.Exists(Path.Combine(solution.Directory, "compose.yaml")), ecosystems.Contains("docker-compose"));
    }

    /// <summary>SECURITY.md and the settings behind security.txt say the same thing.</summary>
    public static void AssertDisclosure(GeneratedSolution solution, string contact, string policy)
    {
        var security = solution.Read("SECURITY.md");
        Assert.Contains(contact, security, StringComparison.Ordinal);
        Assert.Contains(policy, security, StringComparison.Ordinal);
        var settings = solution.Read($"src/{solution.Name}/appsettings.json");
        Assert.Contains($"\"Contact\": \"{contact}\"", settings, StringComparison.Ordinal);
        Assert.Contains($"\"Policy\": \"{policy}\"", settings, StringComparison.Ordinal);
        var expires = ExpiresSetting().Match(settings);
        Assert.True(expires.Success, "appsettings.json has no SecurityTxt:Expires date.");
        var date = DateTimeOffset.Parse(expires.Groups["date"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(date, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1));
    }

    private static YamlMappingNode Load(GeneratedSolution solution, string file)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(solution.Read(file));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    [GeneratedRegex(@"^[a-z0-9./-]+:[0-9]+\.[0-9]+(\.[0-9]+)?-?[a-z0-9.-]*$|@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedTag();

    [GeneratedRegex(@"(?i)(pass(word)?|pwd|secret|token|pepper)")]
    private static partial Regex SecretName();

    [GeneratedRegex("\"Expires\": \"(?<date>[0-9T:Z-]+)\"")]
    private static partial Regex ExpiresSetting();
}
