using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Management;

/// <summary>An app over a key store and admin log that outlive it: SQLite files, or a PostgreSQL schema.</summary>
internal sealed class AdminLogHost(string? keys, string? audit, (PostgresServer Server, string Schema)? postgres)
{
    public async Task<RampartTestHost> StartAsync()
        => postgres is { } pg
            ? await StoresTestApp.StartOnPostgresAsync(pg.Server, pg.Schema, Roles)
            : await StoresTestApp.StartAsync(
                options =>
                {
                    Roles(options);
                    options.Store.Sqlite.Path = keys!;
                    options.Logging.Store.ConnectionString = $"Data Source={audit}";
                },
                useTempSqlite: false);

    // The roles the churn gives its keys.
    private static void Roles(RampartOptions options)
    {
        options.Roles["buyer"] = ["orders:read", "catalog:read"];
        options.Roles["clerk"] = ["orders:write"];
    }
}

/// <summary>
/// The admin log set against the key store, as an auditor would: for every stored key, the last
/// entry that states each field must state the stored value. Written apart from the reconciler it checks.
/// </summary>
internal sealed class AdminLogAccount
{
    private readonly DataSubjectPseudonymizer _pseudonymizer;

    private AdminLogAccount(IAdminAuditLog log, List<AdminLogEntry> entries, List<ApiKeyRecord> stored, DataSubjectPseudonymizer pseudonymizer)
    {
        Log = log;
        Entries = entries;
        Stored = stored;
        _pseudonymizer = pseudonymizer;
    }

    public IAdminAuditLog Log { get; }

    public List<AdminLogEntry> Entries { get; }

    public List<ApiKeyRecord> Stored { get; }

    public IEnumerable<AdminLogEntry> Reconciled => Entries.Where(e => e.Details?.StartsWith(AdminLogReconciler.Marker, StringComparison.Ordinal) == true);

    public static async Task<AdminLogAccount> ReadAsync(RampartTestHost app)
    {
        var log = app.App.Services.GetRequiredService<IAdminAuditLog>();
        var entries = new List<AdminLogEntry>();
        for (long from = 1; ;)
        {
            var page = await log.ReadAsync(from, 1000);
            entries.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }

            from = page[^1].Sequence + 1;
        }

        var store = app.App.Services.GetRequiredService<IApiKeyStore>();
        var stored = new List<ApiKeyRecord>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize, ContinuationToken = continuation });
            stored.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return new(log, entries, stored, app.App.Services.GetRequiredService<DataSubjectPseudonymizer>());
    }

    public void AssertEveryStoredChangeHasItsEntry()
    {
        foreach (var record in Stored)
        {
            var about = Entries.Where(e => e.KeyId == record.Id).ToList();
            var key = $"key {record.Id} ({record.Organization})";
            Assert.True(about.Any(e => e.Action == AdminActions.KeyCreated), $"{key} has no creation entry.");
            Assert.Equal(_pseudonymizer.Pseudonymize("key_name", record.Name), Last(about, "name", AdminActions.KeyCreated, AdminActions.KeyRenamed));
            Assert.Equal(Sorted(record.Scopes), Sorted(Last(about, "scopes", AdminActions.KeyCreated, AdminActions.KeyScopesChanged)));
            Assert.Equal(Sorted(record.Roles), Sorted(Last(about, "roles", AdminActions.KeyCreated, AdminActions.KeyRolesChanged)));
            Assert.Equal(record.Tier ?? string.Empty, Last(about, "tier", AdminActions.KeyCreated, AdminActions.KeyTierChanged) ?? string.Empty);
            Assert.Equal(record.ExpiresAt?.ToUnixTimeMilliseconds(), Milliseconds(Last(about, "expires", AdminActions.KeyCreated, AdminActions.KeyExpiryChanged, AdminActions.KeyRotated)));
            Assert.Equal(record.ReplacedBy, Last(about, "replacement", AdminActions.KeyRotated));
            Assert.True(record.RevokedAt is not null == about.Any(e => e.Action == AdminActions.KeyRevoked), $"{key}: revocation and its entry disagree.");

            // Every entry written for the key at start-up names the key's own organisation.
            Assert.All(
                about.Where(e => e.Details?.StartsWith(AdminLogReconciler.Marker, StringComparison.Ordinal) == true),
                e => Assert.Contains($"; organization={record.Organization};", e.Details + ";", StringComparison.Ordinal));
        }
    }

    // The value of the last entry among these actions that states the field (a creation leaves out empty roles and tier).
    private static string? Last(List<AdminLogEntry> entries, string field, params string[] actions)
        => entries.Where(e => actions.Contains(e.Action)).Select(e => Pair(e.Details, field)).LastOrDefault(v => v is not null);

    private static string? Pair(string? details, string field)
        => (details ?? string.Empty).Split("; ").FirstOrDefault(p => p.StartsWith(field + "=", StringComparison.Ordinal))?[(field.Length + 1)..];

    private static string Sorted(IEnumerable<string> values) => string.Join(' ', values.Order(StringComparer.Ordinal));

    private static string Sorted(string? values) => Sorted((values ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static long? Milliseconds(string? text)
        => text is null or "" ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUnixTimeMilliseconds();
}
