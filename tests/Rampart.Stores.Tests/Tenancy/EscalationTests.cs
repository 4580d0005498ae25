using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>No key can mint or widen scopes, roles, tiers or lifetimes beyond its own; each refusal names the missing authority and changes nothing.</summary>
public class EscalationTests
{
    public static TheoryData<string[], string, string> Refusals() => new()
    {
        // What the acting key holds (besides rampart:admin), what it asks for, the code it gets.
        { ["orders:read"], """{"name":"x","scopes":["orders:write"]}""", "scope_not_held" },
        { ["orders:read"], """{"name":"x","scopes":["orders:*"]}""", "scope_not_held" },
        { ["orders:read"], """{"name":"x","scopes":["*:*"]}""", "scope_not_held" },
        { ["orders:read"], """{"name":"x","scopes":["orders:read","*:read"]}""", "scope_not_held" },
        { ["orders:*"], """{"name":"x","scopes":["orders:read","billing:read"]}""", "scope_not_held" },
        { ["orders:read"], """{"name":"x","scopes":["orders:read"],"roles":["writer"]}""", "scope_not_held" },
        { ["rampart:*"], """{"name":"x","scopes":["rampart:operator"]}""", "operator_required" },
        { ["*:*"], """{"name":"x","scopes":["rampart:operator"]}""", "operator_required" },
        { ["orders:read"], """{"name":"x","scopes":["orders:read"],"tier":"gold"}""", "operator_required" },
        { ["orders:read"], """{"name":"x","scopes":["orders:read"],"organization":"org-2"}""", "operator_required" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Creating_beyond_the_acting_key_is_refused_and_changes_nothing(string[] held, string body, string code)
    {
        await using var app = await StartAsync();
        var admin = await app.CreateKeyAsync(["rampart:admin", .. held]);
        var before = await SnapshotAsync(app);

        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, rawJson: body), HttpStatusCode.Forbidden, code);

        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task A_key_cannot_widen_its_own_scopes_or_a_tier_and_a_wildcard_is_not_the_operator()
    {
        await using var app = await StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
        var wide = await app.CreateKeyAsync("rampart:admin", "*:*");
        var before = await SnapshotAsync(app);

        await Problems.AssertProblemAsync(
            await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", admin.Key, new { scopes = new[] { "rampart:admin", "orders:read", "orders:write" } }),
            HttpStatusCode.Forbidden,
            "scope_not_held");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", admin.Key, new { tier = "gold" }), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", wide.Key, new { tier = "gold" }), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/keys?organization=org-2", wide.Key), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/audit?organization=org-2", wide.Key), HttpStatusCode.Forbidden, "operator_required");
        await Problems.AssertProblemAsync(await app.GetAsync("/organizations/org-2/orders", wide.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        Assert.Equal(before, await SnapshotAsync(app));

        // Narrowing its own scopes is allowed; widening them back is not.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", admin.Key, new { scopes = new[] { "rampart:admin" } })).StatusCode);
        Assert.Equal(["rampart:admin"], (await app.Keys.GetAsync(admin.Record.Id))!.Scopes);
        await Problems.AssertProblemAsync(
            await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", admin.Key, new { scopes = new[] { "rampart:admin", "orders:read" } }),
            HttpStatusCode.Forbidden,
            "scope_not_held");
    }

    [Fact]
    public async Task An_operator_changes_tiers_across_organisations_and_a_wildcard_counts_only_when_the_app_opts_in()
    {
        await using var app = await StartAsync(options => options.Management.WildcardGrantsOperator = true);
        var wide = await app.CreateKeyAsync("rampart:admin", "*:*");
        var target = await app.CreateKeyInAsync("org-2", "orders:read");

        var response = await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{target.Record.Id}", wide.Key, new { tier = "gold" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gold", (await app.Keys.GetAsync(target.Record.Id))!.Tier);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/admin/keys?organization=org-2", wide.Key)).StatusCode);
    }

    [Fact]
    public async Task A_key_that_expires_manages_only_keys_that_expire_no_later()
    {
        await using var app = await StartAsync();
        var admin = await app.Keys.CreateAsync(new() { Name = "temp admin", Owner = "o", Organization = "org-1", Scopes = ["rampart:admin", "orders:read"], ExpiresAt = StoresTestApp.Start.AddDays(1) });
        var forever = await app.CreateKeyAsync("orders:read");
        var before = await SnapshotAsync(app);

        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "orders:read" } }), HttpStatusCode.Forbidden, "lifetime_exceeds_own");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "orders:read" }, expires = "2d" }), HttpStatusCode.Forbidden, "lifetime_exceeds_own");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{admin.Record.Id}", admin.Key, new { expires = "30d" }), HttpStatusCode.Forbidden, "lifetime_exceeds_own");
        await Problems.AssertProblemAsync(await app.SendAsync(HttpMethod.Post, $"/admin/keys/{forever.Record.Id}/rotate", admin.Key), HttpStatusCode.Forbidden, "lifetime_exceeds_own");
        Assert.Equal(before, await SnapshotAsync(app));

        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "orders:read" }, expires = "12h" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/admin/keys/{forever.Record.Id}/revoke", admin.Key)).StatusCode);
    }

    [Fact]
    public async Task Roles_grant_their_scopes_are_shown_in_the_view_and_a_changed_role_applies_on_the_next_cache_refresh()
    {
        await using var app = await StartAsync();
        var configuration = (IConfigurationBuilder)app.App.Configuration;
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Rampart:Roles:buyer:0"] = "orders:read", ["Rampart:Roles:writer:0"] = "orders:write" });
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read", "catalog:read");

        var created = await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "buyer", scopes = new[] { "catalog:read" }, roles = new[] { "buyer" } });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdText);
        var body = JsonDocument.Parse(createdText).RootElement;
        var key = body.GetProperty("key").GetString()!;
        Assert.Equal(["buyer"], body.GetProperty("record").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["catalog:read", "orders:read"], body.GetProperty("record").GetProperty("effectiveScopes").EnumerateArray().Select(r => r.GetString()));
        await Problems.AssertProblemAsync(
            await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "catalog:read" }, roles = new[] { "nobody" } }),
            HttpStatusCode.BadRequest,
            "invalid_argument");

        var bound = await app.GetAsync("/organizations/org-1/orders", key);
        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        var seen = JsonDocument.Parse(await bound.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["buyer"], seen.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // The role now bundles another scope: cached keys keep the old expansion until their record is refreshed.
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Rampart:Roles:buyer:0"] = "billing:read" });
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key)).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync("/orders", key)).StatusCode);
    }

    private static Task<StoresTestApp> StartAsync(Action<Rampart.AspNetCore.RampartOptions>? configure = null) => StoresTestApp.StartAsync(options =>
    {
        options.Roles["writer"] = ["orders:write"];
        configure?.Invoke(options);
    });

    private static async Task<string> SnapshotAsync(StoresTestApp app)
    {
        var page = await app.Keys.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize });
        return string.Join('\n', page.Items.Select(r => $"{r.Id} {r.Organization} {r.Name} {r.Version} {string.Join(',', r.Scopes)} {string.Join(',', r.Roles)} {r.Tier} {r.ExpiresAt:O} {r.RevokedAt:O} {r.ReplacedBy}"));
    }
}
