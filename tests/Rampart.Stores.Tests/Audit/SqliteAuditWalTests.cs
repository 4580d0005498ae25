using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Audit.Sqlite;

namespace Rampart.Stores.Tests.Audit;

/// <summary>The audit database's WAL is checkpointed and truncated as it goes, so a busy store cannot fill the disk with it.</summary>
public sealed class SqliteAuditWalTests
{
    [Fact]
    public async Task Writing_many_times_the_bound_keeps_the_wal_file_under_it()
    {
        using var folder = new TempFolder();
        var path = folder.File("audit.db");
        var store = new SqliteAuditStore($"Data Source={path}");
        var body = new string('x', 2_000);
        var start = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        const int Batch = 100;

        // SQLite deletes the WAL when the file's last connection closes, and other tests in this process
        // clear every connection pool; a connection of the test's own, open throughout (and holding no
        // snapshot), keeps the file in place as a running app's pool does.
        SqliteConnection? keepOpen = null;
        long largest = 0;
        try
        {
            for (var batch = 0; batch < 120; batch++)
            {
                var records = Enumerable.Range(0, Batch)
                    .Select(i => new AuditRecord { Timestamp = start.AddMilliseconds((batch * Batch) + i), Method = "POST", Path = "/orders", StatusCode = 201, Body = body })
                    .ToList();
                await store.AppendAsync(records);
                keepOpen ??= OpenAndAttach(path);
                var wal = new FileInfo(path + "-wal");
                largest = Math.Max(largest, wal.Exists ? wal.Length : 0);
            }
        }
        finally
        {
            keepOpen?.Dispose();
        }

        // Far more than the bound went through the WAL; it never held more than the bound and one batch.
        Assert.True(new FileInfo(path).Length > 4 * SqliteSchema.WalLimitBytes, "The test wrote too little to exercise the bound.");
        Assert.InRange(largest, 1, SqliteSchema.WalLimitBytes + (1024 * 1024));
        Assert.Equal(120 * Batch, (await store.ListAsync(start, start.AddDays(1), limit: 100_000)).Count);
    }

    private static SqliteConnection OpenAndAttach(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT count(*) FROM sqlite_master;"; // the first read maps the WAL index
        read.ExecuteScalar();
        return connection;
    }
}
