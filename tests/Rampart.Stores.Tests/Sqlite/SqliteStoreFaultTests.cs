using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.HealthChecks;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.Stores.Tests.Contract;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

/// <summary>The SQLite key store fails loudly, as unavailable with an error event, instead of quietly starting over or crashing.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteStoreFaultTests
{
    private readonly FakeLogger<SqliteApiKeyStore> _logger = new();

    [Fact]
    public async Task A_deleted_database_file_is_an_outage_not_a_new_empty_store()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        using var store = new SqliteApiKeyStore(path, logger: _logger);
        var record = Records.New();
        await store.CreateAsync(record);
        SqliteConnection.ClearAllPools();

        File.Delete(path);

        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.FindAsync(record.Id));
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.CreateAsync(Records.New()));
        Assert.False(File.Exists(path), "The store created a new, empty database in place of the deleted one.");
        Assert.Single(Failures(), line => line.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_file_replaced_by_another_is_an_outage_even_with_connections_pooled()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        using var store = new SqliteApiKeyStore(path, logger: _logger);
        var record = Records.New();
        await store.CreateAsync(record);

        // Another Rampart database (a restore of the wrong file, another app's store) moved into place.
        var other = folder.File("other.db");
        using (var otherStore = new SqliteApiKeyStore(other))
        {
            await otherStore.CreateAsync(Records.New());
        }

        SqliteConnection.ClearAllPools();
        File.Move(other, path, overwrite: true);

        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.FindAsync(record.Id));
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.CreateAsync(Records.New()));
        Assert.Single(Failures(), line => line.Contains("replaced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_truncated_shared_memory_file_is_restored_before_sqlite_touches_its_mapping_and_nothing_committed_is_lost()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        using var store = new SqliteApiKeyStore(path, logger: _logger);
        var record = Records.New();
        await store.CreateAsync(record);
        Assert.True(new FileInfo(path + "-shm").Length >= 32 * 1024);

        // What an operator's `: > keys.db-shm` does to a running process: without the repair, the next
        // read of the mapped wal-index ends the test run with SIGBUS.
        await using (var shm = new FileStream(path + "-shm", FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            shm.SetLength(0);
        }

        Records.AssertSame(record, await store.FindAsync(record.Id));
        Assert.Single(Failures(), line => line.Contains("-shm", StringComparison.Ordinal));
        var later = Records.New();
        await store.CreateAsync(later);
        Records.AssertSame(later, await store.FindAsync(later.Id));
    }

    [Fact]
    public async Task A_read_only_shared_memory_file_refuses_writes_with_503_and_an_error_event_and_still_serves_reads()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        var record = Records.New();
        using (var setup = new SqliteApiKeyStore(path))
        {
            await setup.CreateAsync(record);
        }

        // A -shm left behind by a crash, then made read-only.
        LeaveWalFiles(path);
        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyFile.Make(path + "-shm");

        using var store = new SqliteApiKeyStore(path, logger: _logger);
        Records.AssertSame(record, await store.FindAsync(record.Id));
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.CreateAsync(Records.New()));
        Assert.Single(Failures(), line => line.Contains("read-only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_only_database_file_refuses_writes_with_503_and_an_error_event()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        var record = Records.New();
        using (var setup = new SqliteApiKeyStore(path))
        {
            await setup.CreateAsync(record);
        }

        SqliteConnection.ClearAllPools();
        using var readOnly = ReadOnlyFile.Make(path);

        using var store = new SqliteApiKeyStore(path, logger: _logger);
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.CreateAsync(Records.New()));
        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.RecordLastUsedAsync([new(record.Id, Records.Now)]));
        Assert.NotEmpty(Failures());
    }

    [Fact]
    public async Task A_deleted_or_replaced_database_file_makes_the_key_store_health_check_unhealthy()
    {
        await using var app = await StoresTestApp.StartAsync(services: services => services.AddHealthChecks().AddRampartHealthChecks());
        await app.CreateKeyAsync("orders:read");
        var health = app.App.Services.GetRequiredService<HealthCheckService>();
        var path = app.SqlitePath!;
        Assert.Equal(HealthStatus.Healthy, (await KeyStoreAsync(health)).Status);

        // Another database under the same name: present, readable, and still not the store's file.
        var otherPath = path + ".other";
        using (var other = new SqliteApiKeyStore(otherPath))
        {
            await other.CreateAsync(Records.New());
        }

        SqliteConnection.ClearAllPools();
        File.Move(otherPath, path, overwrite: true);
        var replaced = await KeyStoreAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, replaced.Status);
        Assert.Contains("replaced", replaced.Exception!.Message, StringComparison.Ordinal);

        File.Delete(path);
        var deleted = await KeyStoreAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, deleted.Status);
        Assert.Contains("missing", deleted.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_of_the_same_database_restored_under_the_running_app_beside_the_old_wal_is_refused_not_mixed_with_it()
    {
        await using var app = await StoresTestApp.StartAsync(services: services => services.AddHealthChecks().AddRampartHealthChecks());
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/admin/keys", admin.Key)).StatusCode);
        var path = app.SqlitePath!;

        // A backup (same store identity) taken now; a key made after it lives only in the live -wal.
        var backup = path + ".backup";
        using (var live = new SqliteConnection($"Data Source={path};Pooling=False"))
        using (var copy = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            live.Open();
            live.BackupDatabase(copy);
        }

        var afterBackup = await app.CreateKeyAsync("orders:read");
        Assert.True(new FileInfo(path + "-wal").Length > 0, "The test needs a -wal with the newer key in it.");

        // The restore: the backup moved into place while the app runs; the old -wal and -shm stay beside it.
        File.Move(backup, path, overwrite: true);
        var restored = await File.ReadAllBytesAsync(path);

        // Uncached keys and key changes are refused (503), the health check fails, the error event says why.
        await Problems.AssertProblemAsync(await app.GetAsync("/orders", afterBackup.Key), HttpStatusCode.ServiceUnavailable, "key_store_unavailable");
        await Problems.AssertProblemAsync(
            await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "orders:read" } }),
            HttpStatusCode.ServiceUnavailable,
            "key_store_unavailable");
        var health = await KeyStoreAsync(app.App.Services.GetRequiredService<HealthCheckService>());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("replaced by another file", health.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Id.Name == "SqliteStoreFailed" && e.Message.Contains("-wal and -shm, written for the old file, are not applied", StringComparison.Ordinal));

        // The old WAL was never applied to (or checkpointed into) the restored file.
        Assert.Equal(restored, await File.ReadAllBytesAsync(path));
    }

    private static async Task<HealthReportEntry> KeyStoreAsync(HealthCheckService health)
        => (await health.CheckHealthAsync(c => c.Name == RampartHealthChecks.KeyStore)).Entries[RampartHealthChecks.KeyStore];

    private List<string> Failures()
        => _logger.Collector.GetSnapshot().Where(e => e.Id.Name == "SqliteStoreFailed").Select(e => e.Message).ToList();

    // Holds a connection open while a second one writes, then copies the -wal and -shm aside and back, as a crash leaves them.
    private static void LeaveWalFiles(string path)
    {
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var read = holder.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM rampart_api_keys;";
            read.ExecuteScalar();
        }

        using (var writer = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint = 0; UPDATE rampart_api_keys SET name = name;";
            command.ExecuteNonQuery();
        }

        File.Copy(path + "-wal", path + "-wal.crash");
        File.Copy(path + "-shm", path + "-shm.crash");
        holder.Close();
        File.Move(path + "-wal.crash", path + "-wal", overwrite: true);
        File.Move(path + "-shm.crash", path + "-shm", overwrite: true);
    }
}
