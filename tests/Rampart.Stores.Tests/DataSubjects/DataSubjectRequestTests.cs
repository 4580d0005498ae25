using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Management.CommandLine;
using Rampart.AspNetCore.Usage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.DataSubjects;

/// <summary>
/// Export and erasure through a running app with two organisations and owners in each: a request
/// touches only its subject, and the admin log still verifies after erasure.
/// </summary>
public abstract class DataSubjectRequestTests
{
    private protected abstract Task<StoresTestApp> StartAsync();

    private sealed record World(StoresTestApp App, CreatedApiKey Staff, CreatedApiKey AcmeAdmin, CreatedApiKey AliceAcme, CreatedApiKey AliceGlobex, CreatedApiKey BobAcme, CreatedApiKey GusGlobex);

    // Alice holds a key in each organisation; Bob and Gus one each.
    private async Task<World> SetUpAsync()
    {
        var app = await StartAsync();
        var staff = await app.CreateKeyInAsync("provider", ["rampart:admin", "rampart:operator", "orders:*"], name: "staff", owner: "operator-1");
        var acmeAdmin = await app.CreateKeyInAsync("acme", ["rampart:admin", "orders:*"], name: "acme admin", owner: "ann");
        var world = new World(
            app,
            staff,
            acmeAdmin,
            await app.CreateKeyInAsync("acme", ["orders:read"], name: "alice laptop", owner: "alice"),
            await app.CreateKeyInAsync("globex", ["orders:read"], name: "alice at globex", owner: "alice"),
            await app.CreateKeyInAsync("acme", ["orders:read"], name: "bob laptop", owner: "bob"),
            await app.CreateKeyInAsync("globex", ["orders:read"], name: "gus desktop", owner: "gus"));
        foreach (var key in new[] { world.AliceAcme, world.AliceGlobex, world.BobAcme, world.GusGlobex })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/orders?note=hello") { Headers = { { "Authorization", $"Bearer {key.Key}" }, { "User-Agent", "personal-agent/1.0" } } };
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        }

        Assert.True(await app.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        return world;
    }

    [Fact]
    public async Task An_owners_export_holds_only_their_data_and_erasure_leaves_the_other_owners_and_a_verifiable_admin_log()
    {
        var world = await SetUpAsync();
        await using var app = world.App;
        var services = app.App.Services;
        var alice = new[] { world.AliceAcme.Record.Id, world.AliceGlobex.Record.Id };
        var others = new[] { world.BobAcme.Record.Id, world.GusGlobex.Record.Id };

        // Export: Alice's two keys across both organisations, their records and log entries, nothing of Bob's or Gus's.
        var response = await app.SendAsync(HttpMethod.Post, "/admin/subjects/export", world.Staff.Key, new { owner = "alice" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var export = JsonDocument.Parse(text).RootElement;
        Assert.Equal(alice.Order(), export.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("id").GetString()).Order());
        Assert.All(export.GetProperty("keys").EnumerateArray(), k => Assert.False(k.TryGetProperty("salt", out _) || k.TryGetProperty("hash", out _)));
        var records = export.GetProperty("auditRecords").EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Contains(r.GetProperty("keyId").GetString(), alice));
        Assert.Equal(alice.Order(), export.GetProperty("adminLog").EnumerateArray().Where(e => e.GetProperty("action").GetString() == AdminActions.KeyCreated).Select(e => e.GetProperty("keyId").GetString()).Order());
        Assert.Equal(2, export.GetProperty("usage").EnumerateArray().Sum(u => u.GetProperty("count").GetInt64()));
        Assert.All(others.Append(world.BobAcme.Key).Append(world.AliceAcme.Key), s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));

        // Refused: an organisation administrator, an erasure without confirmation, two subjects at once. Nothing changes.
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/subjects/export", world.AcmeAdmin.Key, new { owner = "alice" }), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/subjects/erase", world.AcmeAdmin.Key, new { owner = "alice", confirm = true }), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/subjects/erase", world.Staff.Key, new { owner = "alice" }), HttpStatusCode.BadRequest, "invalid_argument");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/subjects/erase", world.Staff.Key, new { owner = "alice", organization = "acme", confirm = true }), HttpStatusCode.BadRequest, "invalid_argument");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/subjects/erase", world.Staff.Key, rawJson: """{"owner":"alice","confirm":true,"everything":true}"""), HttpStatusCode.BadRequest, "invalid_body");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", world.AliceAcme.Key)).StatusCode);

        // Erase: Alice's keys stop working and hold pseudonyms; Bob's and Gus's are as they were.
        var erased = await app.SendAsync(HttpMethod.Post, "/admin/subjects/erase", world.Staff.Key, new { owner = "alice", confirm = true });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var erasure = JsonDocument.Parse(await erased.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, erasure.GetProperty("keysErased").GetInt32());
        var pseudonym = erasure.GetProperty("pseudonym").GetString()!;
        Assert.Matches("^psn_[0-9a-f]{32}$", pseudonym);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", world.AliceAcme.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", world.AliceGlobex.Key)).StatusCode);
        foreach (var id in alice)
        {
            var record = (await app.Keys.GetAsync(id))!;
            Assert.NotNull(record.RevokedAt);
            Assert.Equal(pseudonym, record.Owner);
            Assert.StartsWith("psn_", record.Name, StringComparison.Ordinal);
        }

        Assert.Equal(("bob", "bob laptop", null), await OwnerNameRevokedAsync(app, world.BobAcme.Record.Id));
        Assert.Equal(("gus", "gus desktop", null), await OwnerNameRevokedAsync(app, world.GusGlobex.Record.Id));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", world.BobAcme.Key)).StatusCode);

        // Audit records: Alice's by pseudonym, stripped of free text; the others untouched.
        Assert.True(await services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        var stored = await services.GetRequiredService<IAuditStore>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10_000);
        var aliceRecords = stored.Where(r => r.KeyId is { } k && alice.Contains(k)).ToList();
        Assert.NotEmpty(aliceRecords);
        // Records of requests refused after the erasure carry the pseudonym too (those tests sent no user agent).
        Assert.All(aliceRecords, r => Assert.Equal((true, false, null), (r.KeyName!.StartsWith("psn_", StringComparison.Ordinal), r.UserAgent == "personal-agent/1.0", r.Query)));
        Assert.Equal(
            aliceRecords.Where(r => r.KeyId == world.AliceAcme.Record.Id).Select(r => r.KeyName).Distinct(),
            [(await app.Keys.GetAsync(world.AliceAcme.Record.Id))!.Name]);
        var bobRecord = Assert.Single(stored, r => r.KeyId == world.BobAcme.Record.Id && r.Query == "?note=hello");
        Assert.Equal(("bob laptop", "personal-agent/1.0"), (bobRecord.KeyName, bobRecord.UserAgent));

        // The admin log: untouched entries still verify; the requests are in it by pseudonym only.
        var log = services.GetRequiredService<IAdminAuditLog>();
        Assert.True((await log.VerifyAsync()).IsIntact);
        var entries = await log.ReadAsync();
        var requests = entries.Where(e => e.Action is AdminActions.SubjectExported or AdminActions.SubjectErased).ToList();
        Assert.Equal([AdminActions.SubjectExported, AdminActions.SubjectErased], requests.Select(e => e.Action));
        Assert.All(requests, e => Assert.StartsWith($"subject=owner:{pseudonym};", e.Details, StringComparison.Ordinal));
        Assert.All(requests, e => Assert.Equal($"key {world.Staff.Record.Id} (provider)", e.Actor));
        Assert.DoesNotContain(entries, e => $"{e.Actor} {e.Details}".Contains("alice", StringComparison.Ordinal));

        // Afterwards the owner id finds nothing; the pseudonym still links the erased keys and requests.
        var after = await services.GetRequiredService<IDataSubjectManager>().ExportAsync(DataSubject.Owner("alice"));
        Assert.Empty(after.Keys);
        var linked = await services.GetRequiredService<IDataSubjectManager>().ExportAsync(DataSubject.Owner(pseudonym));
        Assert.Equal(alice.Order(), linked.Keys.Select(k => k.Id).Order());
        Assert.Contains(linked.AdminLog, e => e.Action == AdminActions.SubjectErased);
        Assert.True((await log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task An_organisations_erasure_replaces_its_id_everywhere_but_the_admin_log_and_leaves_the_other_organisation()
    {
        var world = await SetUpAsync();
        await using var app = world.App;
        var services = app.App.Services;

        // From the command line, as an operator on the server would.
        var (code, output, error) = await RunCommandAsync(app, "keys", "subject", "erase", "--org", "globex");
        Assert.Equal(2, code);
        Assert.Contains("--confirm", error, StringComparison.Ordinal);
        (code, output, error) = await RunCommandAsync(app, "keys", "subject", "erase", "--org", "globex", "--confirm", "--json");
        Assert.True(code == 0, error);
        var erasure = JsonSerializer.Deserialize<JsonElement>(output);
        Assert.Equal(2, erasure.GetProperty("keysErased").GetInt32());

        foreach (var id in new[] { world.AliceGlobex.Record.Id, world.GusGlobex.Record.Id })
        {
            var record = (await app.Keys.GetAsync(id))!;
            Assert.NotNull(record.RevokedAt);
            Assert.StartsWith("psn_", record.Organization, StringComparison.Ordinal);
        }

        Assert.Equal(("alice", "alice laptop", null), await OwnerNameRevokedAsync(app, world.AliceAcme.Record.Id));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", world.AliceAcme.Key)).StatusCode);

        var store = services.GetRequiredService<IAuditStore>();
        Assert.True(await services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        Assert.Empty((await store.QueryAsync(new AuditQuery { Organization = "globex" })).Items);
        Assert.Empty((await store.QueryUsageAsync(new UsageQuery { Organization = "globex" })).Items);
        Assert.NotEmpty((await store.QueryAsync(new AuditQuery { Organization = "acme" })).Items);
        Assert.NotEmpty((await store.QueryUsageAsync(new UsageQuery { Organization = "acme" })).Items);
        var acmeRecord = Assert.Single((await store.QueryAsync(new AuditQuery { KeyId = world.AliceAcme.Record.Id, PageSize = 500 })).Items, r => r.Query == "?note=hello");
        Assert.Equal("personal-agent/1.0", acmeRecord.UserAgent);

        // The export of the acme organisation does not mention globex's keys; the chain verifies.
        (code, output, error) = await RunCommandAsync(app, "keys", "subject", "export", "--org", "acme");
        Assert.True(code == 0, error);
        Assert.DoesNotContain(world.GusGlobex.Record.Id, output, StringComparison.Ordinal);
        Assert.Contains(world.BobAcme.Record.Id, output, StringComparison.Ordinal);
        Assert.True((await services.GetRequiredService<IAdminAuditLog>().VerifyAsync()).IsIntact);
    }

    private static async Task<(string Owner, string Name, DateTimeOffset? RevokedAt)> OwnerNameRevokedAsync(StoresTestApp app, string id)
    {
        var record = (await app.Keys.GetAsync(id))!;
        return (record.Owner, record.Name, record.RevokedAt);
    }

    private static async Task<(int Code, string Output, string Error)> RunCommandAsync(StoresTestApp app, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RampartKeysCommand.InvokeAsync(app.App.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

/// <summary>Data-subject requests over the SQLite key store and audit database, real files.</summary>
public sealed class SqliteDataSubjectRequestTests : DataSubjectRequestTests
{
    private protected override Task<StoresTestApp> StartAsync() => StoresTestApp.StartAsync(audit: true);
}

/// <summary>Data-subject requests over PostgreSQL keys, audit records and admin log.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlDataSubjectRequestTests(PostgresServer server) : DataSubjectRequestTests, IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    private protected override Task<StoresTestApp> StartAsync() => StoresTestApp.StartOnPostgresAsync(server, _schema);
}
