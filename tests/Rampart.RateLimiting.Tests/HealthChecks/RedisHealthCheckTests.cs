using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.HealthChecks;
using Rampart.Redis.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;

namespace Rampart.RateLimiting.Tests.HealthChecks;

/// <summary>The rate-limiter check against a real Redis that is killed, through the app's own health endpoints.</summary>
public sealed class RedisHealthCheckTests
{
    private static Task<RateLimitTestApp> StartAsync(RedisServer server, RedisFailureMode mode)
        => RateLimitTestApp.StartAsync(
            Settings.New().Window("Tiers:default", "minute", 1000, 60),
            services =>
            {
                services.AddRampartRedisRateLimits(options =>
                {
                    options.Configuration = server.Configuration;
                    options.FailureMode = mode;
                    options.FailureThreshold = 2;
                    // Generous, so a healthy Redis on a busy machine still answers in time.
                    options.Timeout = TimeSpan.FromSeconds(5);
                });
                services.AddHealthChecks().AddRampartHealthChecks();
            },
            map: app =>
            {
                app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(RampartHealthChecks.ReadyTag), ResponseWriter = WriteEntriesAsync })
                    .AllowAnonymous();
                app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(RampartHealthChecks.LiveTag) })
                    .AllowAnonymous();
            });

    [Fact]
    public async Task With_fallback_to_memory_a_dead_Redis_is_degraded_and_an_open_circuit_is_reported()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartAsync(server, RedisFailureMode.FallbackToMemory);

        var (status, entries) = await ReadyAsync(app);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", entries.GetProperty(RampartHealthChecks.RateLimiter).GetProperty("status").GetString());

        await server.KillAsync();
        (status, entries) = await ReadyAsync(app);
        var limiter = entries.GetProperty(RampartHealthChecks.RateLimiter);
        Assert.Equal(HttpStatusCode.OK, status); // Degraded still serves: the app falls back to memory.
        Assert.Equal("Degraded", limiter.GetProperty("status").GetString());
        Assert.Contains("PING", limiter.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("closed", limiter.GetProperty("data").GetProperty("circuit").GetString());

        // Requests open the circuit; the check says so.
        var (key, _) = await app.CreateKeyAsync();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        }

        Assert.True(app.App.Services.GetRequiredService<RedisRateLimiter>().CircuitOpen);
        (_, entries) = await ReadyAsync(app);
        limiter = entries.GetProperty(RampartHealthChecks.RateLimiter);
        Assert.Equal("Degraded", limiter.GetProperty("status").GetString());
        Assert.Equal("open", limiter.GetProperty("data").GetProperty("circuit").GetString());
        Assert.DoesNotContain(server.Configuration, limiter.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task When_failing_closed_a_dead_Redis_makes_the_instance_not_ready()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartAsync(server, RedisFailureMode.FailClosed);
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(app)).Status);

        await server.KillAsync();

        var (status, entries) = await ReadyAsync(app);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", entries.GetProperty(RampartHealthChecks.RateLimiter).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Entries)> ReadyAsync(RateLimitTestApp app)
    {
        // No key: health endpoints answer anonymous probes.
        using var response = await app.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").Clone());
    }

    private static Task WriteEntriesAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var entries = report.Entries.ToDictionary(
            e => e.Key,
            e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data });
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), entries });
    }
}
