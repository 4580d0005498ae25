using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Storage;

public sealed class AdminAuditLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rampart-admin-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private string ConnectionString => $"Data Source={_path};Pooling=False";

    private async Task<AdminAuditLog> FilledLogAsync(int entries = 6)
    {
        var log = new AdminAuditLog(new SqliteAdminLogStore(ConnectionString), _time);
        for (var i = 1; i <= entries; i++)
        {
            await log.AppendAsync(AdminActions.KeyCreated, $"key{i:00000000000}", $"name=key {i}", "admin");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return log;
    }

    // Tampering goes around the append-only triggers, as someone with the database file could.
    private async Task TamperAsync(params string[] statements)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TRIGGER rampart_admin_log_no_update; DROP TRIGGER rampart_admin_log_no_delete;";
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed statements written in this test.
            command.CommandText = statement;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task An_untouched_log_verifies_and_chains_every_entry()
    {
        var log = await FilledLogAsync();

        var verdict = await log.VerifyAsync();
        var entries = await log.ReadAsync();

        Assert.True(verdict.IsIntact);
        Assert.Equal(6, verdict.EntriesChecked);
        Assert.Equal(AdminAuditLog.GenesisHash, entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal(entries[^1].Hash, verdict.HeadHash);
    }

    [Theory]
    [InlineData("UPDATE rampart_admin_log SET details = 'name=other' WHERE sequence = 3", AdminLogTampering.Edited, 3)]
    [InlineData("UPDATE rampart_admin_log SET key_id = 'keyXXXXXXXXX' WHERE sequence = 5", AdminLogTampering.Edited, 5)]
    [InlineData("UPDATE rampart_admin_log SET timestamp_ms = timestamp_ms + 1 WHERE sequence = 1", AdminLogTampering.Edited, 1)]
    [InlineData("DELETE FROM rampart_admin_log WHERE sequence = 4", AdminLogTampering.Removed, 4)]
    [InlineData("DELETE FROM rampart_admin_log WHERE sequence = 2; UPDATE rampart_admin_log SET sequence = sequence - 1 WHERE sequence > 2", AdminLogTampering.Removed, 2)]
    [InlineData("UPDATE rampart_admin_log SET sequence = -3 WHERE sequence = 3; UPDATE rampart_admin_log SET sequence = 3 WHERE sequence = 4; UPDATE rampart_admin_log SET sequence = 4 WHERE sequence = -3", AdminLogTampering.Reordered, 3)]
    public async Task Verify_reports_the_first_tampered_entry(string tampering, AdminLogTampering expected, long sequence)
    {
        var log = await FilledLogAsync();
        await TamperAsync(tampering.Split("; "));

        var verdict = await log.VerifyAsync();

        Assert.Equal(expected, verdict.Tampering);
        Assert.Equal(sequence, verdict.FirstBadSequence);
    }

    [Fact]
    public async Task A_cut_tail_is_caught_with_a_head_hash_kept_elsewhere()
    {
        var log = await FilledLogAsync();
        var head = (await log.VerifyAsync()).HeadHash;
        await TamperAsync("DELETE FROM rampart_admin_log WHERE sequence >= 5");

        Assert.True((await log.VerifyAsync()).IsIntact);
        var verdict = await log.VerifyAsync(head);
        Assert.Equal(AdminLogTampering.Removed, verdict.Tampering);
        Assert.Equal(5, verdict.FirstBadSequence);
    }

    [Fact]
    public async Task Key_changes_and_new_pepper_versions_are_recorded()
    {
        await using var app = await LoggingTestApp.StartAsync(withStore: true);
        var log = app.App.Services.GetRequiredService<IAdminAuditLog>();

        var created = await app.CreateKeyAsync();
        var rotated = await app.Keys.RotateAsync(created.Record.Id);
        await app.Keys.RevokeAsync(rotated.Record.Id);

        var entries = await log.ReadAsync();
        Assert.Equal(
            [AdminActions.PepperVersionAdded, AdminActions.KeyCreated, AdminActions.KeyRotated, AdminActions.KeyCreated, AdminActions.KeyRevoked],
            entries.Select(e => e.Action));
        Assert.Equal("version=1", entries[0].Details);
        Assert.Equal(created.Record.Id, entries[1].KeyId);
        Assert.Contains("name=billing service", entries[1].Details, StringComparison.Ordinal);
        Assert.Equal($"replacement={rotated.Record.Id}", entries[2].Details);
        Assert.True((await log.VerifyAsync()).IsIntact);
        Assert.DoesNotContain(entries, e => e.Details?.Contains(created.Key, StringComparison.Ordinal) == true || e.Details?.Contains(rotated.Key, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Updates_record_one_entry_per_kind_of_change()
    {
        await using var app = await LoggingTestApp.StartAsync(withStore: true);
        var log = app.App.Services.GetRequiredService<IAdminAuditLog>();
        var created = await app.CreateKeyAsync();

        await app.Keys.UpdateAsync(created.Record.Id, new() { Scopes = ["orders:read", "orders:write"] });
        await app.Keys.UpdateAsync(created.Record.Id, new() { Name = "renamed", ExpiresAt = app.Time.GetUtcNow().AddDays(30) });

        var entries = (await log.ReadAsync()).Where(e => e.KeyId == created.Record.Id).ToList();
        Assert.Equal(
            [AdminActions.KeyCreated, AdminActions.KeyScopesChanged, AdminActions.KeyRenamed, AdminActions.KeyExpiryChanged],
            entries.Select(e => e.Action));
        Assert.Equal("scopes=orders:read orders:write", entries[1].Details);
        Assert.Equal("name=renamed", entries[2].Details);
        Assert.True((await log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task A_pepper_version_is_recorded_once_across_restarts()
    {
        var database = Path.Combine(Path.GetTempPath(), $"rampart-admin-restart-{Guid.NewGuid():N}.db");
        try
        {
            for (var run = 0; run < 2; run++)
            {
                await using var app = await LoggingTestApp.StartAsync(o => o.Logging.Store.ConnectionString = $"Data Source={database};Pooling=False");
                var entries = await app.App.Services.GetRequiredService<IAdminAuditLog>().ReadAsync();
                Assert.Single(entries, e => e.Action == AdminActions.PepperVersionAdded);
            }
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
