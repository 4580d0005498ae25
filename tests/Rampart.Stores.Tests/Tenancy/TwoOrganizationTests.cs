using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>
/// Two organisations, each with its own administrator, in one running app with its SQLite key store
/// and audit database: neither can see, change or learn about the other's keys or audit records,
/// nor call the other's bound endpoints; an operator can, and is recorded doing so.
/// </summary>
public class TwoOrganizationTests
{
    [Fact]
    public async Task Neither_organisation_sees_or_changes_the_other_and_an_operator_sees_both()
    {
        await using var app = await StoresTestApp.StartAsync(audit: true);
        var staff = await app.CreateKeyInAsync("provider", "rampart:admin", "rampart:operator", "orders:*");

        // The operator sets up each organisation's administrator.
        var acmeAdmin = await CreateAsync(app, staff.Key, new { name = "acme admin", scopes = new[] { "rampart:admin", "orders:*" }, organization = "acme", owner = "ann" });
        var globexAdmin = await CreateAsync(app, staff.Key, new { name = "globex admin", scopes = new[] { "rampart:admin", "orders:*" }, organization = "globex", owner = "gus" });
        Assert.Equal("acme", acmeAdmin.Record.GetProperty("organization").GetString());

        // Each administrator issues a key; it lands in the administrator's organisation.
        var acmeKey = await CreateAsync(app, acmeAdmin.Key, new { name = "acme reader", scopes = new[] { "orders:read" } });
        var globexKey = await CreateAsync(app, globexAdmin.Key, new { name = "globex reader", scopes = new[] { "orders:read" } });
        Assert.Equal("acme", acmeKey.Record.GetProperty("organization").GetString());
        Assert.Equal("globex", globexKey.Record.GetProperty("organization").GetString());

        // Bound endpoints serve the caller's organisation only, and the handler reads the key, not claims.
        var own = await app.GetAsync("/organizations/acme/orders", acmeKey.Key);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("acme", JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("organization").GetString());
        await Problems.AssertProblemAsync(await app.GetAsync("/organizations/globex/orders", acmeKey.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/organizations/acme/orders", globexKey.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/organizations/acme/orders", staff.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/orders?anonymous=1", null)).StatusCode);

        // Listing: each administrator sees its own organisation's keys and nothing of the other's.
        var acmeList = await ItemsAsync(app, "/admin/keys", acmeAdmin.Key);
        Assert.Equal(["acme admin", "acme reader"], acmeList.Select(i => i.GetProperty("name").GetString()).Order());
        Assert.DoesNotContain(globexKey.Id, await (await app.GetAsync("/admin/keys?pageSize=500", acmeAdmin.Key)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/keys?organization=globex", acmeAdmin.Key), HttpStatusCode.Forbidden, "operator_required");
        // Keys an administrator issues belong to it unless told otherwise; listing by owner finds them.
        Assert.Equal(["acme admin", "acme reader"], (await ItemsAsync(app, "/admin/keys?owner=ann", acmeAdmin.Key)).Select(i => i.GetProperty("name").GetString()).Order());
        Assert.Empty(await ItemsAsync(app, "/admin/keys?owner=gus", acmeAdmin.Key));

        // The other organisation's key: every action answers as for an id that does not exist.
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
                 {
                     (HttpMethod.Get, "/admin/keys/{id}", null),
                     (HttpMethod.Patch, "/admin/keys/{id}", """{"name":"mine now"}"""),
                     (HttpMethod.Post, "/admin/keys/{id}/revoke", null),
                     (HttpMethod.Post, "/admin/keys/{id}/rotate", null),
                 })
        {
            var foreign = await app.SendAsync(method, path.Replace("{id}", globexKey.Id, StringComparison.Ordinal), acmeAdmin.Key, rawJson: body);
            var unknown = await app.SendAsync(method, path.Replace("{id}", "ZZZZZZZZZZZZ", StringComparison.Ordinal), acmeAdmin.Key, rawJson: body);
            var foreignBody = await Problems.AssertProblemAsync(foreign, HttpStatusCode.NotFound, "key_not_found");
            var unknownBody = await Problems.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "key_not_found");
            Assert.Equal(unknownBody.GetProperty("detail").GetString()!.Replace("ZZZZZZZZZZZZ", "{id}", StringComparison.Ordinal), foreignBody.GetProperty("detail").GetString()!.Replace(globexKey.Id, "{id}", StringComparison.Ordinal));
        }

        await Problems.AssertProblemAsync(
            await app.SendAsync(HttpMethod.Post, "/admin/keys", acmeAdmin.Key, new { name = "planted", scopes = new[] { "orders:read" }, organization = "globex" }),
            HttpStatusCode.Forbidden,
            "operator_required");
        var globexStored = await app.Keys.GetAsync(globexKey.Id);
        Assert.Equal(("globex reader", null, 1L), (globexStored!.Name, globexStored.RevokedAt, globexStored.Version));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", globexKey.Key)).StatusCode);

        // Audit records: each administrator reads its own organisation's; unauthenticated requests are the operator's to see.
        Assert.True(await app.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());
        var acmeAudit = await ItemsAsync(app, "/admin/audit?pageSize=500", acmeAdmin.Key);
        Assert.NotEmpty(acmeAudit);
        Assert.All(acmeAudit, r => Assert.Equal("acme", r.GetProperty("organization").GetString()));
        Assert.DoesNotContain(acmeAudit, r => r.GetProperty("keyId").GetString() is { } id && (id == globexKey.Id || id == globexAdmin.Id || id == staff.Record.Id));
        Assert.DoesNotContain(acmeAudit, r => r.TryGetProperty("query", out var q) && q.GetString() == "?anonymous=1");
        Assert.Contains(acmeAudit, r => r.GetProperty("keyId").GetString() == acmeKey.Id);
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit?organization=globex", acmeAdmin.Key), HttpStatusCode.Forbidden, "operator_required");
        Assert.All(await ItemsAsync(app, "/admin/audit?pageSize=500", globexAdmin.Key), r => Assert.Equal("globex", r.GetProperty("organization").GetString()));

        var everything = await ItemsAsync(app, "/admin/audit?pageSize=500", staff.Key);
        Assert.Contains(everything, r => r.TryGetProperty("query", out var q) && q.GetString() == "?anonymous=1");
        Assert.Contains(everything, r => r.TryGetProperty("organization", out var o) && o.GetString() == "acme");
        Assert.Contains(everything, r => r.TryGetProperty("organization", out var o) && o.GetString() == "globex");
        Assert.All(await ItemsAsync(app, "/admin/audit?organization=globex&pageSize=500", staff.Key), r => Assert.Equal("globex", r.GetProperty("organization").GetString()));

        // The operator acts across organisations, and every such act is in the admin log with its key.
        var revoked = await app.SendAsync(HttpMethod.Post, $"/admin/keys/{globexKey.Id}/revoke", staff.Key);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var crossings = (await app.App.Services.GetRequiredService<IAdminAuditLog>().ReadAsync()).Where(e => e.Action == AdminActions.CrossOrganization).ToList();
        Assert.All(crossings, e => Assert.Equal($"key {staff.Record.Id} (provider)", e.Actor));
        Assert.Contains(crossings, e => e.KeyId == globexKey.Id && e.Details == "action=revoke; organization=globex");
        Assert.Contains(crossings, e => e.Details == "action=create; organization=acme");
        Assert.Contains(crossings, e => e.Details == "action=audit.read; organization=*");
        Assert.Contains(crossings, e => e.Details == "action=audit.read; organization=globex");
        Assert.True((await app.App.Services.GetRequiredService<IAdminAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Audit_reads_page_newest_first_with_filters_and_bounded_pages()
    {
        await using var app = await StoresTestApp.StartAsync(audit: true);
        var admin = await app.CreateKeyInAsync("acme", "rampart:admin", "orders:read");
        var reader = await app.CreateKeyInAsync("acme", "orders:read");
        for (var i = 0; i < 7; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/orders?n={i}", reader.Key)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync("/admin/keys", reader.Key)).StatusCode);
        Assert.True(await app.App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync());

        var seen = new List<string>();
        var path = $"/admin/audit?keyId={reader.Record.Id}&outcome=success&pageSize=3";
        while (true)
        {
            var response = await app.GetAsync(path, admin.Key);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("query").GetString()!));
            if (!page.TryGetProperty("continuationToken", out var token))
            {
                break;
            }

            path = $"/admin/audit?keyId={reader.Record.Id}&outcome=success&pageSize=3&continuationToken={Uri.EscapeDataString(token.GetString()!)}";
        }

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"?n={i}"), seen);
        var refused = await ItemsAsync(app, $"/admin/audit?keyId={reader.Record.Id}&status=403", admin.Key);
        Assert.Equal("/admin/keys", Assert.Single(refused).GetProperty("path").GetString());
        Assert.Equal(3, (await ItemsAsync(app, $"/admin/audit?keyId={reader.Record.Id}&outcome=success&from=2026-11-24T12:00:05Z", admin.Key)).Count);

        foreach (var bad in new[] { "pageSize=0", "pageSize=501", "status=99", "outcome=fine", "from=yesterday", "continuationToken=abc" })
        {
            await Problems.AssertProblemAsync(await app.GetAsync($"/admin/audit?{bad}", admin.Key), HttpStatusCode.BadRequest, "invalid_argument");
        }
    }

    private static async Task<(string Key, string Id, JsonElement Record)> CreateAsync(StoresTestApp app, string key, object body)
    {
        var response = await app.SendAsync(HttpMethod.Post, "/admin/keys", key, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var root = JsonDocument.Parse(text).RootElement;
        var record = root.GetProperty("record").Clone();
        return (root.GetProperty("key").GetString()!, record.GetProperty("id").GetString()!, record);
    }

    private static async Task<List<JsonElement>> ItemsAsync(StoresTestApp app, string path, string key)
    {
        var response = await app.GetAsync(path, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }
}
