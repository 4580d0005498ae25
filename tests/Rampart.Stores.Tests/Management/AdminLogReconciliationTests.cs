using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Management;

/// <summary>
/// Every kind of key change that reached the key store without its admin log entry gets one at the
/// next start, stating the stored value and naming the key's organisation; a second start adds nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminLogReconciliationTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    [Fact]
    public async Task Changes_made_behind_the_admin_log_are_reconciled_at_the_next_start_with_sqlite()
    {
        using var folder = new TempFolder();
        await ReconcilesEveryKindOfChangeAsync(new AdminLogHost(folder.File("keys.db"), folder.File("audit.db"), postgres: null));
    }

    [Fact]
    public async Task Changes_made_behind_the_admin_log_are_reconciled_at_the_next_start_with_postgresql()
        => await ReconcilesEveryKindOfChangeAsync(new AdminLogHost(null, null, (server, _schema)));

    private static async Task ReconcilesEveryKindOfChangeAsync(AdminLogHost host)
    {
        string changed, rotated, revoked, unlogged, replacement;
        await using (var first = await host.StartAsync())
        {
            changed = (await first.CreateKeyInAsync("org-1", ["orders:read"], name: "changed")).Record.Id;
            rotated = (await first.CreateKeyInAsync("org-2", ["orders:read"], name: "rotated")).Record.Id;
            revoked = (await first.CreateKeyInAsync("org-2", ["orders:read"], name: "revoked")).Record.Id;

            // Straight to the store, as if the process had died before each entry was written.
            var store = first.App.Services.GetRequiredService<IApiKeyStore>();
            var now = first.Time.GetUtcNow();
            var record = (await store.FindAsync(changed))!;
            Assert.True(await store.UpdateAsync(record with
            {
                Name = "renamed behind the log",
                Scopes = ["orders:read", "reports:read"],
                Roles = ["buyer"],
                Tier = "gold",
                ExpiresAt = now.AddDays(10),
            }));

            var old = (await store.FindAsync(rotated))!;
            var next = old with { Id = ApiKeyGenerator.NewKeyId(), Name = "replacement", Version = 1, CreatedAt = now };
            replacement = next.Id;
            Assert.True(await store.RotateAsync(old with { ReplacedBy = next.Id, ExpiresAt = now.AddHours(1) }, next));
            Assert.True(await store.UpdateAsync((await store.FindAsync(revoked))! with { RevokedAt = now }));
            var neverLogged = record with { Id = ApiKeyGenerator.NewKeyId(), Name = "never logged", Version = 1 };
            unlogged = neverLogged.Id;
            await store.CreateAsync(neverLogged);

            // The account check sees the gap before the next start (it can fail).
            var before = await AdminLogAccount.ReadAsync(first);
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(before.AssertEveryStoredChangeHasItsEntry);
        }

        int entries;
        await using (var second = await host.StartAsync())
        {
            var account = await AdminLogAccount.ReadAsync(second);
            account.AssertEveryStoredChangeHasItsEntry();
            var reconciled = account.Reconciled.Select(e => (e.Action, e.KeyId)).ToHashSet();
            Assert.Equal(
                new HashSet<(string, string?)>
                {
                    (AdminActions.KeyRenamed, changed),
                    (AdminActions.KeyScopesChanged, changed),
                    (AdminActions.KeyRolesChanged, changed),
                    (AdminActions.KeyTierChanged, changed),
                    (AdminActions.KeyExpiryChanged, changed),
                    (AdminActions.KeyRotated, rotated),
                    (AdminActions.KeyCreated, replacement),
                    (AdminActions.KeyRevoked, revoked),
                    (AdminActions.KeyCreated, unlogged),
                },
                reconciled);
            Assert.Equal(9, account.Reconciled.Count());
            Assert.Contains(account.Reconciled, e => e.KeyId == changed && e.Details!.Contains("; organization=org-1;", StringComparison.Ordinal));
            Assert.Contains(account.Reconciled, e => e.KeyId == revoked && e.Details!.Contains("; organization=org-2;", StringComparison.Ordinal));
            Assert.Contains(second.Logs.GetSnapshot(), e => e.Id.Name == "AdminLogReconciled" && e.Message.StartsWith("9 key changes", StringComparison.Ordinal));
            Assert.True((await account.Log.VerifyAsync()).IsIntact);
            entries = account.Entries.Count;
        }

        await using var third = await host.StartAsync();
        Assert.Equal(entries, (await AdminLogAccount.ReadAsync(third)).Entries.Count);
    }
}
