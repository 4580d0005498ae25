using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.PostgreSql;

/// <summary>Its own server behind a proxy that can hold back every reply: a PostgreSQL that has become slow.</summary>
[Collection(nameof(StoreOutageTests))]
public sealed class SlowDatabaseTests : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private DelayingTcpProxy? _proxy;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _proxy = new DelayingTcpProxy(_server.Port);
    }

    public async Task DisposeAsync()
    {
        await _proxy!.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_database_delays_no_cached_key_and_uncached_keys_get_503_when_the_command_timeout_passes()
    {
        // Timeouts long enough that the set-up below (schema, keys) never hits them on a loaded machine,
        // short enough that the test does not wait long for the one lookup that must hit them.
        var connection = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Port = _proxy!.Port, CommandTimeout = 20, Timeout = 20 }.ConnectionString;
        await using var app = await StoresTestApp.StartAsync(
            useTempSqlite: false,
            services: services => services.AddRampartPostgreSql(options =>
            {
                options.ConnectionString = connection;
                options.ListenForChanges = false;
            }));
        var cached = await app.CreateKeyAsync("orders:read");
        var uncached = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);

        // From now on every reply waits far longer than any timeout in the test: only the timeout can end a lookup.
        _proxy.ReplyDelay = () => TimeSpan.FromMinutes(10);

        var lookup = app.GetAsync("/orders", uncached.Key);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);
        }

        var refused = await Eventually.CompletesAsync(lookup, "the lookup that waits for the command timeout");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null, "A 503 for an unreachable store carries Retry-After.");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);

        // Fast again: new connections answer, and the key that was refused is accepted.
        _proxy.ReplyDelay = static () => TimeSpan.Zero;
        NpgsqlConnection.ClearAllPools();
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", uncached.Key)).StatusCode);
    }
}
