using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.RateLimiting;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Usage;

/// <summary>
/// Usage through a running app: requests of two organisations' keys counted by outcome, written by
/// the audit writer, read through the audit endpoints, each organisation confined to its own.
/// </summary>
public abstract class UsageEndpointTests
{
    private protected abstract Task<StoresTestApp> StartAsync(Action<RampartOptions> configure);

    private static void Limits(RampartOptions options)
    {
        options.RateLimits.Tiers["trial"] = new RateLimitTierOptions { Quota = new RateLimitQuotaOptions { Limit = 2, Period = RateLimitQuotaPeriod.Daily } };
    }

    [Fact]
    public async Task Requests_are_counted_per_key_by_outcome_and_each_organisation_reads_only_its_own()
    {
        await using var app = await StartAsync(Limits);
        var staff = await app.CreateKeyInAsync("provider", ["rampart:admin", "rampart:operator", "orders:*"], name: "staff");
        var acmeAdmin = await app.CreateKeyInAsync("acme", ["rampart:admin", "orders:*"], name: "acme admin");
        var globexAdmin = await app.CreateKeyInAsync("globex", ["rampart:admin", "orders:*"], name: "globex admin");
        var acmeTrial = await app.CreateKeyInAsync("acme", ["orders:read"], name: "acme trial", tier: "trial");
        var acmeWriter = await app.CreateKeyInAsync("acme", ["orders:write"], name: "acme writer");
        var globexReader = await app.CreateKeyInAsync("globex", ["orders:read"], name: "globex reader");

        for (var i = 0; i < 3; i++)
        {
            await app.GetAsync("/orders", acmeTrial.Key);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync("/orders", acmeWriter.Key)).StatusCode);
        await app.Keys.RevokeAsync(acmeWriter.Record.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders", acmeWriter.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", globexReader.Key)).StatusCode);
        Assert.True(await app.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());

        // The acme administrator: acme's keys by outcome, nothing of globex's.
        var acme = await RowsAsync(app, "/admin/audit/usage?period=hour", acmeAdmin.Key);
        Assert.Equal(2, Count(acme, acmeTrial.Record.Id, "allowed"));
        Assert.Equal(1, Count(acme, acmeTrial.Record.Id, "rate_limited"));
        Assert.Equal(1, Count(acme, acmeWriter.Record.Id, "rejected.forbidden"));
        Assert.Equal(1, Count(acme, acmeWriter.Record.Id, "rejected.revoked_key"));
        Assert.All(acme, r => Assert.Equal("acme", r.GetProperty("organization").GetString()));
        Assert.DoesNotContain(acme, r => r.GetProperty("keyId").GetString() == globexReader.Record.Id);

        // Another organisation's key reads as a key without usage; naming the organisation needs the operator.
        Assert.Empty(await RowsAsync(app, $"/admin/audit/usage?keyId={globexReader.Record.Id}", acmeAdmin.Key));
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit/usage?organization=globex", acmeAdmin.Key), HttpStatusCode.Forbidden, "operator_required");
        var globex = await RowsAsync(app, "/admin/audit/usage", globexAdmin.Key);
        Assert.Equal(1, Count(globex, globexReader.Record.Id, "allowed"));
        Assert.All(globex, r => Assert.Equal("globex", r.GetProperty("organization").GetString()));

        // Per organisation, per day: the operator reads any organisation and the read is in the admin log.
        var perOrganization = await RowsAsync(app, "/admin/audit/usage?organization=acme&groupBy=organization&period=day", staff.Key);
        Assert.All(perOrganization, r => Assert.Equal(JsonValueKind.Null, r.TryGetProperty("keyId", out var k) ? k.ValueKind : JsonValueKind.Null));
        // The administrators' own reads count as allowed requests too (the writer runs meanwhile), so refusals are compared.
        Assert.Equal(1, perOrganization.Single(r => r.GetProperty("outcome").GetString() == "rate_limited").GetProperty("count").GetInt64());
        Assert.Equal(1, perOrganization.Single(r => r.GetProperty("outcome").GetString() == "rejected.revoked_key").GetProperty("count").GetInt64());
        var log = await app.App.Services.GetRequiredService<IAdminAuditLog>().ReadAsync();
        Assert.Contains(log, e => e.Action == AdminActions.CrossOrganization && e.Details == "action=usage.read; organization=acme");

        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit/usage?period=week", acmeAdmin.Key), HttpStatusCode.BadRequest, "invalid_argument");
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit/usage?from=yesterday", acmeAdmin.Key), HttpStatusCode.BadRequest, "invalid_argument");
    }

    private static long Count(IReadOnlyList<JsonElement> rows, string keyId, string outcome)
        => rows.Where(r => r.GetProperty("keyId").GetString() == keyId && r.GetProperty("outcome").GetString() == outcome).Sum(r => r.GetProperty("count").GetInt64());

    private static async Task<IReadOnlyList<JsonElement>> RowsAsync(StoresTestApp app, string path, string key)
    {
        var response = await app.GetAsync(path, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("truncated").GetBoolean());
        return [.. body.GetProperty("items").EnumerateArray()];
    }
}

/// <summary>Usage in the SQLite audit database, a real file.</summary>
public sealed class SqliteUsageEndpointTests : UsageEndpointTests
{
    private protected override Task<StoresTestApp> StartAsync(Action<RampartOptions> configure) => StoresTestApp.StartAsync(configure, audit: true);
}

/// <summary>Usage in PostgreSQL, beside the keys and the audit records.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlUsageEndpointTests(PostgresServer server) : UsageEndpointTests, IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    private protected override Task<StoresTestApp> StartAsync(Action<RampartOptions> configure) => StoresTestApp.StartOnPostgresAsync(server, _schema, configure);
}
