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

        long largest = 0;
        for (var batch = 0; batch < 120; batch++)
        {
            var records = Enumerable.Range(0, Batch)
                .Select(i => new AuditRecord { Timestamp = start.AddMilliseconds((batch * Batch) + i), Method = "POST", Path = "/orders", StatusCode = 201, Body = body })
                .ToList();
            await store.AppendAsync(records);
            largest = Math.Max(largest, new FileInfo(path + "-wal").Length);
        }

        // Far more than the bound went through the WAL; it never held more than the bound and one batch.
        Assert.True(new FileInfo(path).Length > 4 * SqliteSchema.WalLimitBytes, "The test wrote too little to exercise the bound.");
        Assert.InRange(largest, 1, SqliteSchema.WalLimitBytes + (1024 * 1024));
        Assert.Equal(120 * Batch, (await store.ListAsync(start, start.AddDays(1), limit: 100_000)).Count);
    }
}
