using System.Net;
using System.Security.Cryptography;
using Rampart.Templates.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Rampart.Templates.Tests;

/// <summary>
/// The PostgreSQL and Redis variant run as it runs in its container: its own process on Kestrel,
/// over HTTPS, in Production, configured only by the environment its Dockerfile and compose file
/// give it, against a real PostgreSQL and a real Redis.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class RunningServiceTests(TemplateFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_service_serves_security_txt_hides_its_api_document_and_its_readiness_follows_PostgreSQL_and_Redis()
    {
        var (solution, build) = await fixture.GetBuiltSolutionAsync("Acme.Orders", TemplateCombinationTests.Options("postgres", redis: true, "acme", noTests: false, ownDisclosure: true));
        Assert.True(build.Succeeded, build.Describe());

        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        try
        {
            await using var redis = await RedisServer.StartAsync();
            await using var app = await RunningApp.StartAsync(solution, fixture.Cli, ContainerEnvironment(solution, postgres, redis));
            try
            {
                await AssertServesAsync(app);

                // PostgreSQL stops: not ready (the load balancer stops sending traffic), still alive (no restart).
                await postgres.StopAsync();
                await app.WaitForAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
                await AssertAliveAsync(app);

                await postgres.StartAsync();
                await app.WaitForAsync("/health/ready", HttpStatusCode.OK);

                // Redis stops: not ready either, while rate limits fall back to each instance.
                await redis.KillAsync();
                await app.WaitForAsync("/health/ready", HttpStatusCode.ServiceUnavailable);
                await AssertAliveAsync(app);
            }
            finally
            {
                output.WriteLine(app.Output.Length <= 4000 ? app.Output : "…" + app.Output[^4000..]);
            }
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static async Task AssertServesAsync(RunningApp app)
    {
        using (var ready = await app.WaitForAsync("/health/ready", HttpStatusCode.OK))
        {
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }

        using (var securityTxt = await app.Client.GetAsync(new Uri("/.well-known/security.txt", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, securityTxt.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", securityTxt.Content.Headers.ContentType?.ToString());
            var lines = (await securityTxt.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("Contact: " + TemplateCombinationTests.Disclosure.Contact, lines);
            Assert.Contains("Expires: " + TemplateCombinationTests.Disclosure.Expires, lines);
            Assert.Contains("Policy: " + TemplateCombinationTests.Disclosure.Policy, lines);
        }

        // Outside Development there is no API document or explorer, with or without a key.
        foreach (var path in new[] { "/openapi/v1.json", "/scalar/v1" })
        {
            using var hidden = await app.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.NotEqual(HttpStatusCode.OK, hidden.StatusCode);
        }

        using var orders = await app.Client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, orders.StatusCode);
    }

    private static async Task AssertAliveAsync(RunningApp app)
    {
        using var live = await app.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>
    /// The environment the container gets: the Dockerfile's ENV and the compose file's settings of
    /// the API service, with the addresses of this test's servers and a pepper made for the run in
    /// place of the values compose takes from its own environment or its service names.
    /// </summary>
    private static Dictionary<string, string> ContainerEnvironment(GeneratedSolution solution, PostgresServer postgres, RedisServer redis)
    {
        var environment = Dockerfile.Parse(solution.Read("Dockerfile")).Final.Instructions
            .Where(i => i.Keyword == "ENV")
            .SelectMany(i => Dockerfile.Parse("FROM scratch\nENV " + i.Arguments).Variables())
            .ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var yaml = new YamlStream();
        using (var reader = new StringReader(solution.Read("compose.yaml")))
        {
            yaml.Load(reader);
        }

        var api = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"])["api"];
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Rampart__Keys__Peppers__1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rampart__Store__PostgreSql__ConnectionString"] = postgres.ConnectionString,
            // The test server trusts local connections; the variable is still the one the app reads.
            ["PGPASSWORD"] = "not-needed-with-trust",
            ["Rampart__RateLimits__Redis__Configuration"] = redis.Configuration,
        };
        foreach (var (name, value) in ((YamlMappingNode)api["environment"]).Children.Select(c => (c.Key.ToString(), c.Value.ToString())))
        {
            if (name.StartsWith("Kestrel__", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(
                replacements.TryGetValue(name, out var replacement) || !(value.Contains("${", StringComparison.Ordinal) || value.Contains("postgres", StringComparison.Ordinal) || value.Contains("redis:", StringComparison.Ordinal)),
                $"compose.yaml sets {name} from its environment or a service name, and this test has no value for it.");
            environment[name] = replacement ?? value;
        }

        return environment;
    }
}
