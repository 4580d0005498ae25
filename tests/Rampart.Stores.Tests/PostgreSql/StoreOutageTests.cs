using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.Stores.Tests.Infrastructure;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Stores.Tests.PostgreSql;

/// <summary>Runs alone: it stops and restarts a server, which other tests' load on two cores would slow unpredictably.</summary>
[CollectionDefinition(nameof(StoreOutageTests), DisableParallelization = true)]
public sealed class StoreOutageCollection;

/// <summary>Stops the database under load: requests fail closed with 503, never open.</summary>
[Collection(nameof(StoreOutageTests))]
public sealed class StoreOutageTests : IAsyncLifetime
{
    // Its own server, since this test kills it; durable, so the keys are still there after the restart.
    private readonly PostgresServer _server = new() { Durable = true };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task When_the_database_stops_under_load_no_request_passes_unauthenticated()
    {
        await using var app = await StoresTestApp.StartAsync(
            // The flood of failed keys from one address is on purpose here: what is measured is the
            // store's outage, so the per-address failed-key limit (tested on its own) stays out of it.
            configure: options => options.RateLimits.FailedKeysPerAddress.Windows["minute"] =
                new RateLimitWindowOptions { Limit = 1_000_000, Window = TimeSpan.FromMinutes(1) },
            useTempSqlite: false,
            services: services => services.AddRampartPostgreSql(options => options.ConnectionString = _server.ConnectionString));
        var valid = await app.CreateKeyAsync("orders:read");
        var revoked = await app.CreateKeyAsync("orders:read");
        var neverUsed = await app.CreateKeyAsync("orders:read");
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var unknown = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        string?[] credentials = [valid.Key, revoked.Key, unknown, null, "acme_live_garbage"];

        var responses = new ConcurrentBag<(string? Key, HttpStatusCode Status, bool AfterStop, HttpResponseMessage Response)>();
        var sent = 0;
        var stopped = false;
        var afterStop = 0;
        var stop = new TaskCompletionSource();

        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; Volatile.Read(ref afterStop) < 300; i++)
            {
                var key = credentials[(worker + i) % credentials.Length];
                var wasStopped = Volatile.Read(ref stopped);
                var response = await app.GetAsync("/orders", key);
                responses.Add((key, response.StatusCode, wasStopped, response));
                if (wasStopped)
                {
                    Interlocked.Increment(ref afterStop);
                }

                if (Interlocked.Increment(ref sent) == 200)
                {
                    stop.TrySetResult();
                }
            }
        })).ToArray();

        await stop.Task;
        await _server.StopAsync();
        Volatile.Write(ref stopped, true);
        await Task.WhenAll(load);

        // Only the valid key ever got through, before and after the stop (from this instance's cache).
        Assert.All(responses.Where(r => r.Status == HttpStatusCode.OK), r => Assert.Equal(valid.Key, r.Key));
        Assert.All(responses.Where(r => r.Key != valid.Key), r => Assert.NotEqual(HttpStatusCode.OK, r.Status));
        Assert.Contains(responses, r => r.AfterStop);

        // A key this instance has not cached cannot be checked: 503 with Retry-After and a problem body.
        var uncached = await app.GetAsync("/orders", neverUsed.Key);
        await AssertUnavailableAsync(uncached);

        // Once the cache entries expire, even the valid key is refused rather than let through.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await AssertUnavailableAsync(await app.GetAsync("/orders", valid.Key));
        Assert.NotEqual(HttpStatusCode.OK, (await app.GetAsync("/orders", revoked.Key)).StatusCode);

        Assert.Contains(app.Logs.GetSnapshot(), r => r.Category == "Rampart.Authentication" && r.Id.Name == "ApiKeyStoreUnavailable" && r.Level == LogLevel.Error);

        // When the database is back, keys verify again; until then every answer is a refusal.
        await _server.StartAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                var status = (await app.GetAsync("/orders", neverUsed.Key)).StatusCode;
                Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"Unexpected {(int)status} while the database came back.");
                return status == HttpStatusCode.OK;
            },
            "a key verified after the restart",
            detail: () => $"Last store failure: {app.Logs.GetSnapshot().LastOrDefault(r => r.Id.Name == "ApiKeyStoreUnavailable")?.Exception?.InnerException?.Message}\n{_server.Log()}");
        await Problems.AssertProblemAsync(await app.GetAsync("/orders", revoked.Key), HttpStatusCode.Unauthorized, "revoked_key");
        await Problems.AssertProblemAsync(await app.GetAsync("/orders", unknown), HttpStatusCode.Unauthorized, "unknown_key");
    }

    [Fact]
    public async Task Audit_records_made_while_the_database_is_down_are_stored_once_it_is_back()
    {
        await using var app = await StoresTestApp.StartAsync(
            useTempSqlite: false,
            services: services => services
                .AddRampartPostgreSql(options => options.ConnectionString = _server.ConnectionString)
                .AddRampartPostgreSqlAuditStore());
        var queue = app.App.Services.GetRequiredService<AuditRecordQueue>();
        var valid = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders?n=before", valid.Key)).StatusCode);
        Assert.True(await queue.FlushAsync());

        await _server.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            // The key is cached: requests go on while the database is down, and each is audited.
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/orders?n={i}", valid.Key)).StatusCode);
        }

        Assert.False(await queue.FlushAsync());
        Assert.True(queue.HasRetries);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "AuditStoreWriteFailed");

        await _server.StartAsync();
        await Eventually.UntilAsync(() => queue.FlushAsync(), "the audit records written after the database came back");
        var stored = await app.App.Services.GetRequiredService<IAuditStore>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(["?n=before", .. Enumerable.Range(0, 20).Select(i => $"?n={i}")], stored.Select(r => r.Query));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "key_store_unavailable");
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal(JsonValueKind.String, body.GetProperty("detail").ValueKind);
    }
}
