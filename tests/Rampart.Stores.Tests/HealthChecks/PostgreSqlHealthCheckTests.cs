using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Rampart.AspNetCore.HealthChecks;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.HealthChecks;

/// <summary>Rampart's health checks against a real PostgreSQL that is stopped and started again.</summary>
[Collection(nameof(PostgreSqlHealthCheckTests))]
public sealed class PostgreSqlHealthCheckTests : IAsyncLifetime
{
    // Its own server, since the test stops it; durable, so the stop keeps the schema and the keys
    // (a fast server may lose its last commits on an immediate stop, and the stores would then rightly fail).
    private readonly PostgresServer _server = new() { Durable = true };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_stopped_database_makes_the_key_and_audit_store_checks_unhealthy_and_leaves_liveness_alone()
    {
        await using var app = await StoresTestApp.StartAsync(
            useTempSqlite: false,
            services: services =>
            {
                services.AddRampartPostgreSql(options => options.ConnectionString = _server.ConnectionString);
                services.AddRampartPostgreSqlAuditStore();
                services.AddHealthChecks().AddRampartHealthChecks();
            });
        var health = app.App.Services.GetRequiredService<HealthCheckService>();

        var up = await ReadyAsync(health);
        Assert.Equal(HealthStatus.Healthy, up.Status);
        Assert.Equal(
            [RampartHealthChecks.AuditQueue, RampartHealthChecks.AuditStore, RampartHealthChecks.KeyStore, RampartHealthChecks.RateLimiter],
            up.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("PostgreSqlApiKeyStore", up.Entries[RampartHealthChecks.KeyStore].Description);

        await _server.StopAsync();
        NpgsqlConnection.ClearAllPools();

        var down = await ReadyAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Equal(HealthStatus.Unhealthy, down.Entries[RampartHealthChecks.KeyStore].Status);
        Assert.Equal(HealthStatus.Unhealthy, down.Entries[RampartHealthChecks.AuditStore].Status);
        Assert.NotNull(down.Entries[RampartHealthChecks.KeyStore].Exception);
        Assert.Equal(HealthStatus.Healthy, down.Entries[RampartHealthChecks.RateLimiter].Status);
        foreach (var entry in down.Entries.Values)
        {
            Assert.DoesNotContain("Username=", entry.Description ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        var live = await health.CheckHealthAsync(c => c.Tags.Contains(RampartHealthChecks.LiveTag));
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal([RampartHealthChecks.Process], live.Entries.Keys);

        await _server.StartAsync();
        NpgsqlConnection.ClearAllPools();
        // Recovery is not instant: the audit writer retries its waiting records on its backoff, which
        // runs on the app's (fake) clock.
        HealthReport? back = null;
        await Eventually.UntilAsync(
            async () => (back = await ReadyAsync(health)).Status == HealthStatus.Healthy,
            "every readiness check healthy after the restart",
            between: () => app.Time.Advance(TimeSpan.FromSeconds(1)),
            detail: () => string.Join("; ", back!.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")));
    }

    private static Task<HealthReport> ReadyAsync(HealthCheckService health)
        => health.CheckHealthAsync(c => c.Tags.Contains(RampartHealthChecks.ReadyTag));
}
