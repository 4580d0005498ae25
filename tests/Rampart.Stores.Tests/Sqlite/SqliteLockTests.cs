using System.Net;
using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

/// <summary>Another process holding the SQLite write lock delays no request that needs no store, and writes fail rather than hang.</summary>
public sealed class SqliteLockTests
{
    [Fact]
    public async Task While_another_connection_holds_the_write_lock_cached_keys_are_served_and_writes_get_503_after_the_busy_timeout()
    {
        await using var app = await StoresTestApp.StartAsync(configure: options => options.Store.Sqlite.BusyTimeout = TimeSpan.FromSeconds(10));
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

        // The writes end, as unavailable (503 at the endpoints), while the lock is still held: no hang.
        foreach (var write in writes)
        {
            await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => write.WaitAsync(TimeSpan.FromMinutes(2)));
        }

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", cached.Key)).StatusCode);
        Assert.Contains(app.Logs.GetSnapshot(), entry => entry.Id.Name == "SqliteStoreFailed" && entry.Message.Contains("locked", StringComparison.Ordinal));
        holding.Rollback();

        Assert.NotNull(await app.CreateKeyAsync("orders:read"));
    }
}
