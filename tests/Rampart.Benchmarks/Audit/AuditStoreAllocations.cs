using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Audit.Sqlite;

namespace Rampart.Benchmarks.Audit;

/// <summary>
/// Bytes the SQLite audit store allocates per record it appends, in the audit writer's batches of
/// 500: under load this is paid for every request, on the background writer rather than the request.
/// Run: <c>dotnet run -c Release --project tests/Rampart.Benchmarks -- audit-store-allocations [records]</c>.
/// </summary>
internal static class AuditStoreAllocations
{
    private const int Batch = 500;

    public static void Run(int records)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rampart-audit-alloc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var store = new SqliteAuditStore($"Data Source={Path.Combine(folder, "audit.db")}");
            var batch = Enumerable.Range(0, Batch).Select(Record).ToArray();
            for (var i = 0; i < 10; i++)
            {
                store.AppendAsync(batch).GetAwaiter().GetResult();
            }

            var rounds = Math.Max(1, records / Batch);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < rounds; i++)
            {
                store.AppendAsync(batch).GetAwaiter().GetResult();
            }

            var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine($"sqlite audit store: {bytes / (double)(rounds * Batch):N0} B per record over {rounds * Batch:N0} records");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // A record as the load test's requests make it: a key, its organisation, a trace.
    private static AuditRecord Record(int i) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        RequestId = $"0HNABCDEFGH{i % 100:D2}:00000001",
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Method = "GET",
        Route = "/organizations/{org}/orders",
        Path = "/organizations/org1/orders",
        StatusCode = 200,
        DurationMs = 0.123,
        KeyId = "abcdefghijkl",
        KeyName = "key 1",
        Organization = "org1",
        Environment = "live",
        Client = "c_0123456789abcdef0123456789abcdef",
    };
}
