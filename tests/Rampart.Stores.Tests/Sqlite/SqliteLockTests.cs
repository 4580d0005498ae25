using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

/// <summary>Another process holding the SQLite write lock delays no request that needs no store, and writes fail rather than hang.</summary>
public sealed class SqliteLockTests
{
    [Fact]
    public async Task While_another_connection_holds_the_write_lock_cached_keys_are_served_and_writes_wait_for_it()
    {
        // The longest busy timeout allowed: the writes below cannot time out while this test looks at them,
        // however slowly a loaded machine runs it; they end when the lock is let go.
        await using var app = await StoresTestApp.StartAsync(configure: options => options.Store.Sqlite.BusyTimeout = TimeSpan.FromMinutes(5));
        var cached = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);

        // Another process's BEGIN IMMEDIATE: SQLite's write lock, held until this test lets go.
        using var other = new SqliteConnection($"Data Source={app.SqlitePath};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);

        // Two writes wait on the lock: every SQLite worker thread of the store is now busy waiting.
        var writes = new[] { app.CreateKeyAsync("orders:read"), app.CreateKeyAsync("orders:read") };

        // Requests with the cached key need no store and answer while the writes still wait.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);
        }

        Assert.All(writes, write => Assert.False(write.IsCompleted, "A write finished while the lock was held."));

        // Once the lock is let go, the waiting writes go through.
        holding.Rollback();
        foreach (var write in writes)
        {
            var created = await Eventually.CompletesAsync(write, "a write waiting for the released lock");
            Assert.NotNull(await app.Keys.GetAsync(created.Record.Id));
        }
    }

    [Fact]
    public async Task While_another_connection_holds_the_write_lock_writes_get_503_after_the_busy_timeout()
    {
        var busyTimeout = TimeSpan.FromSeconds(1);
        await using var app = await StoresTestApp.StartAsync(configure: options => options.Store.Sqlite.BusyTimeout = busyTimeout);
        var cached = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);

        using var other = new SqliteConnection($"Data Source={app.SqlitePath};Pooling=False");
        other.Open();
        using var holding = other.BeginTransaction(deferred: false);

        // The write ends, as unavailable (503 at the endpoints), while the lock is still held: no hang.
        // It waited the busy timeout first (a lower bound, which a slow machine only makes longer).
        var waited = Stopwatch.StartNew();
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => Eventually.CompletesAsync(app.CreateKeyAsync("orders:read"), "a write while the lock is held"));
        Assert.True(waited.Elapsed >= busyTimeout, $"The write failed after {waited.Elapsed}, before the busy timeout of {busyTimeout}.");

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), entry => entry.Id.Name == "SqliteStoreFailed" && entry.Message.Contains("locked", StringComparison.Ordinal));
        holding.Rollback();

        Assert.NotNull(await app.CreateKeyAsync("orders:read"));
    }
}
