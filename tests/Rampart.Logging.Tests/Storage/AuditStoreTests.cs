using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Storage;

public sealed class AuditStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rampart-audit-store-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_path};Pooling=False";

    private static AuditRecord Record(DateTimeOffset at, string path = "/orders") => new()
    {
        Timestamp = at,
        Method = "GET",
        Path = path,
        Route = "/orders",
        StatusCode = 200,
        DurationMs = 1.5,
        KeyId = "abcdefghijkl",
        KeyName = "billing service",
        Client = "c_00",
        Query = "?page=2",
    };

    [Fact]
    public async Task Records_round_trip_in_time_order()
    {
        var store = new SqliteAuditStore(ConnectionString);
        var second = Record(T0.AddMinutes(1), "/b");
        var first = Record(T0, "/a") with { Body = "{}", Headers = "Accept: */*", UserAgent = "ua", TraceId = "t", RequestId = "r", Organization = "o", Environment = "live" };

        await store.AppendAsync([second, first]);

        var stored = await store.ListAsync(T0, T0.AddHours(1));
        Assert.Equal([first, second], stored);
        Assert.Empty(await store.ListAsync(T0.AddHours(1), T0.AddHours(2)));
    }

    [Fact]
    public async Task Purge_deletes_only_records_older_than_the_cutoff()
    {
        var store = new SqliteAuditStore(ConnectionString);
        var records = Enumerable.Range(0, 12_000).Select(i => Record(T0.AddSeconds(i))).ToList();
        await store.AppendAsync(records);

        var purged = await store.PurgeAsync(T0.AddSeconds(11_000));

        Assert.Equal(11_000, purged);
        var left = await store.ListAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000);
        Assert.Equal(1_000, left.Count);
        Assert.Equal(T0.AddSeconds(11_000), left[0].Timestamp);
    }

    [Fact]
    public async Task Retention_service_purges_after_90_days_on_the_app_clock()
    {
        await using var app = await LoggingTestApp.StartAsync(o => o.Logging.Store.PurgeInterval = TimeSpan.FromHours(1), withStore: true);
        await WaitForPurgeAsync(app, 0); // the run at start
        await app.GetAsync("/public?at=start", null);
        app.Time.Advance(TimeSpan.FromDays(30));
        await app.GetAsync("/public?at=day30", null);
        Assert.Equal(2, (await app.StoredAsync()).Count);

        // Day 89: nothing is old enough yet.
        var runs = PurgeRuns(app);
        app.Time.Advance(TimeSpan.FromDays(59));
        await WaitForPurgeAsync(app, runs);
        Assert.Equal(2, (await app.StoredAsync()).Count);

        // Day 91: the first record is past 90 days, the second is not.
        runs = PurgeRuns(app);
        app.Time.Advance(TimeSpan.FromDays(2));
        await WaitForPurgeAsync(app, runs);
        var left = Assert.Single(await app.StoredAsync());
        Assert.Equal("?at=day30", left.Query);
    }

    [Fact]
    public async Task Admin_log_table_refuses_updates_and_deletes()
    {
        var store = new SqliteAuditStore(ConnectionString);
        await store.AppendAsync([Record(T0)]);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rampart_admin_log (sequence, timestamp_ms, action, previous_hash, hash) VALUES (1, 0, 'x', '', '')";
        await insert.ExecuteNonQueryAsync();

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE rampart_admin_log SET action = 'y'";
        Assert.Contains("append-only", (await Assert.ThrowsAsync<SqliteException>(() => update.ExecuteNonQueryAsync())).Message, StringComparison.Ordinal);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM rampart_admin_log";
        Assert.Contains("append-only", (await Assert.ThrowsAsync<SqliteException>(() => delete.ExecuteNonQueryAsync())).Message, StringComparison.Ordinal);
    }

    // The purge loop runs on the host: wait (bounded) for its next run to be logged, never for a fixed time.
    private static async Task WaitForPurgeAsync(LoggingTestApp app, int runsBefore)
    {
        for (var i = 0; i < 500; i++)
        {
            if (PurgeRuns(app) > runsBefore)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The retention service did not run within 5 seconds of the clock passing its interval.");
    }

    private static int PurgeRuns(LoggingTestApp app) => app.Logs.GetSnapshot().Count(r => r.Id.Id == 1204);

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
