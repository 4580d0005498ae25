using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>
/// Every admin endpoint, called by an administrator of the target key's organisation, by one of
/// another organisation and by an operator, each holding a subset, the same, a superset of or a
/// wildcard over the target key's scopes: the status and code of every answer, the key store
/// unchanged after every refusal, another organisation's key answered exactly as an unknown id, and
/// an operator's cross-organisation actions in the admin log with the acting key.
/// </summary>
public class AuthorityMatrixTests
{
    private const string TargetOrganization = "org-a";
    private static readonly string[] TargetScopes = ["orders:read", "orders:write"];

    public enum Actor
    {
        SameOrganization,
        OtherOrganization,
        Operator,
    }

    public enum Held
    {
        Subset,
        Equal,
        Superset,
        Wildcard,
    }

    private static string[] ScopesFor(Held held) => held switch
    {
        Held.Subset => ["orders:read"],
        Held.Equal => TargetScopes,
        Held.Superset => [.. TargetScopes, "billing:read"],
        _ => ["*:*"],
    };

    public static TheoryData<Actor, Held> Cases()
    {
        var data = new TheoryData<Actor, Held>();
        foreach (var actor in Enum.GetValues<Actor>())
        {
            foreach (var held in Enum.GetValues<Held>())
            {
                data.Add(actor, held);
            }
        }

        return data;
    }

    private sealed record Call(string Name, HttpMethod Method, string Path, string? Body, bool OnTarget);

    private static IEnumerable<Call> Calls()
    {
        var scopes = JsonSerializer.Serialize(TargetScopes);
        yield return new("create", HttpMethod.Post, "/admin/keys", $$"""{"name":"new","scopes":{{scopes}},"organization":"{{TargetOrganization}}"}""", false);
        yield return new("list", HttpMethod.Get, $"/admin/keys?organization={TargetOrganization}", null, false);
        yield return new("get", HttpMethod.Get, "/admin/keys/{id}", null, true);
        yield return new("update", HttpMethod.Patch, "/admin/keys/{id}", $$"""{"name":"renamed","scopes":{{scopes}}}""", true);
        yield return new("revoke", HttpMethod.Post, "/admin/keys/{id}/revoke", null, true);
        yield return new("rotate", HttpMethod.Post, "/admin/keys/{id}/rotate", """{"grace":"1h"}""", true);
        yield return new("audit", HttpMethod.Get, $"/admin/audit?organization={TargetOrganization}", null, false);
    }

    private static (HttpStatusCode Status, string? Code) Expected(Actor actor, Held held, string call)
    {
        if (actor == Actor.OtherOrganization)
        {
            return call is "create" or "list" or "audit" ? (HttpStatusCode.Forbidden, "operator_required") : (HttpStatusCode.NotFound, "key_not_found");
        }

        // Within reach, reading and revoking need sight only; issuing needs every scope of the result.
        return call switch
        {
            "create" or "rotate" => held == Held.Subset ? (HttpStatusCode.Forbidden, "scope_not_held") : (HttpStatusCode.Created, null),
            "update" => held == Held.Subset ? (HttpStatusCode.Forbidden, "scope_not_held") : (HttpStatusCode.OK, null),
            _ => (HttpStatusCode.OK, null),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_admin_endpoint_answers_by_organisation_authority_and_held_scopes(Actor actor, Held held)
    {
        await using var app = await StoresTestApp.StartAsync(audit: true);
        var scopes = ScopesFor(held);
        var key = actor switch
        {
            Actor.SameOrganization => await app.CreateKeyInAsync(TargetOrganization, ["rampart:admin", .. scopes]),
            Actor.OtherOrganization => await app.CreateKeyInAsync("org-b", ["rampart:admin", .. scopes]),
            _ => await app.CreateKeyInAsync("operators", ["rampart:admin", "rampart:operator", .. scopes]),
        };
        var log = app.App.Services.GetRequiredService<IAdminAuditLog>();

        foreach (var call in Calls())
        {
            var target = await app.CreateKeyInAsync(TargetOrganization, TargetScopes);
            var before = await SnapshotAsync(app);
            var logBefore = (await log.ReadAsync()).Count;
            var path = call.Path.Replace("{id}", target.Record.Id, StringComparison.Ordinal);

            var response = await app.SendAsync(call.Method, path, key.Key, rawJson: call.Body);

            var (status, code) = Expected(actor, held, call.Name);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{actor}/{held}/{call.Name}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            if (code is not null)
            {
                await Problems.AssertProblemAsync(response, status, code);
                Assert.Equal(before, await SnapshotAsync(app));
                Assert.Equal(logBefore, (await log.ReadAsync()).Count);
            }

            if (code == "key_not_found")
            {
                // Exactly the answer for an id that names no key at all.
                var unknown = await app.SendAsync(call.Method, call.Path.Replace("{id}", "ZZZZZZZZZZZZ", StringComparison.Ordinal), key.Key, rawJson: call.Body);
                Assert.Equal(unknown.StatusCode, response.StatusCode);
                Assert.Equal(Normalized(await unknown.Content.ReadAsStringAsync(), "ZZZZZZZZZZZZ"), Normalized(text, target.Record.Id));
            }

            if (actor == Actor.Operator && code is null)
            {
                var entry = (await log.ReadAsync()).Last(e => e.Action == AdminActions.CrossOrganization);
                Assert.Equal($"key {key.Record.Id} (operators)", entry.Actor);
                Assert.Contains($"organization={TargetOrganization}", entry.Details, StringComparison.Ordinal);
            }

            if (actor == Actor.SameOrganization && call.Name == "list")
            {
                var items = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().ToArray();
                Assert.All(items, item => Assert.Equal(TargetOrganization, item.GetProperty("organization").GetString()));
                Assert.Contains(items, item => item.GetProperty("id").GetString() == target.Record.Id);
            }
        }

        // Without naming an organisation, an administrator lists its own organisation's keys only.
        if (actor != Actor.Operator)
        {
            var own = JsonDocument.Parse(await (await app.GetAsync("/admin/keys", key.Key)).Content.ReadAsStringAsync()).RootElement.GetProperty("items");
            Assert.All(own.EnumerateArray(), item => Assert.Equal(key.Record.Organization, item.GetProperty("organization").GetString()));
        }
    }

    private static string Normalized(string problem, string id)
    {
        var body = JsonNode.Parse(problem)!.AsObject();
        body.Remove("traceId");
        return body.ToJsonString().Replace(id, "{id}", StringComparison.Ordinal);
    }

    private static async Task<string> SnapshotAsync(StoresTestApp app)
    {
        var page = await app.Keys.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize });
        return string.Join('\n', page.Items.Select(r => $"{r.Id} {r.Organization} {r.Name} {r.Version} {string.Join(',', r.Scopes)} {r.Tier} {r.ExpiresAt:O} {r.RevokedAt:O} {r.ReplacedBy}"));
    }
}
