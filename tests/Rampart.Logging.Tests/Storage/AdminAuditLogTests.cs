using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Storage;

/// <summary>What the app records in the admin log. The chain and its tamper checks run against every store in Rampart.Stores.Tests.</summary>
public sealed class AdminAuditLogTests
{
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
        // The name by pseudonym: the chain cannot be edited, so it holds no name an erasure would have to remove.
        Assert.Matches("^name=psn_[0-9a-f]{32}; organization=", entries[1].Details);
        Assert.DoesNotContain("billing service", entries[1].Details, StringComparison.Ordinal);
        // The rotation states the old key's new expiry (the end of its grace period) as well.
        var oldKey = await app.Keys.GetAsync(created.Record.Id);
        Assert.Equal($"replacement={rotated.Record.Id}; expires={oldKey!.ExpiresAt:O}", entries[2].Details);
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
        Assert.Matches("^name=psn_[0-9a-f]{32}$", entries[2].Details);
        Assert.NotEqual(entries[0].Details!.Split("; ")[0], entries[2].Details);
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

    [Fact]
    public async Task An_app_supplied_log_gets_append_once_by_reading_first()
    {
        IAdminAuditLog log = new ListLog();

        Assert.NotNull(await log.AppendOnceAsync(AdminActions.PepperVersionAdded, "version=1"));
        Assert.Null(await log.AppendOnceAsync(AdminActions.PepperVersionAdded, "version=1"));
        Assert.NotNull(await log.AppendOnceAsync(AdminActions.PepperVersionAdded, "version=2"));

        Assert.Equal(["version=1", "version=2"], (await log.ReadAsync()).Select(e => e.Details));
    }

    /// <summary>A log an app might write itself: no atomic append-once of its own.</summary>
    private sealed class ListLog : IAdminAuditLog
    {
        private readonly List<AdminLogEntry> _entries = [];

        public Task<AdminLogEntry> AppendAsync(string action, string? keyId, string? details = null, string? actor = null, CancellationToken cancellationToken = default)
        {
            var entry = new AdminLogEntry { Sequence = _entries.Count + 1, Timestamp = DateTimeOffset.UnixEpoch, Action = action, KeyId = keyId, Details = details, Actor = actor, PreviousHash = "", Hash = "" };
            _entries.Add(entry);
            return Task.FromResult(entry);
        }

        public Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence = 1, int limit = 1000, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<AdminLogEntry>>(_entries.Where(e => e.Sequence >= fromSequence).Take(limit).ToList());

        public Task<AdminLogVerification> VerifyAsync(string? expectedHeadHash = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new AdminLogVerification(AdminLogTampering.None, null, _entries.Count, ""));
    }
}
