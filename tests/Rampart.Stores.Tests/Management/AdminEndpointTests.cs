using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Management;

public class AdminEndpointTests
{
    [Fact]
    public async Task The_endpoints_need_a_key_and_the_admin_scope()
    {
        await using var app = await StoresTestApp.StartAsync();
        var reader = await app.CreateKeyAsync("orders:read");

        await Problems.AssertProblemAsync(await app.GetAsync("/admin/keys", null), HttpStatusCode.Unauthorized, "missing_credentials");
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/keys", reader.Key), HttpStatusCode.Forbidden, "insufficient_scope");
        var create = await app.SendAsync(HttpMethod.Post, "/admin/keys", reader.Key, new { name = "x", scopes = new[] { "orders:read" } });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Single((await app.Keys.ListAsync(new ApiKeyQuery())).Items);
    }

    [Fact]
    public async Task Create_shows_the_key_once_and_list_and_get_show_it_masked()
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "rampart:operator", "orders:read");

        var response = await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "ci", scopes = new[] { "orders:read" }, expires = "90d", environment = "live", tier = "gold" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var key = created.GetProperty("key").GetString()!;
        var record = created.GetProperty("record");
        var id = record.GetProperty("id").GetString()!;
        Assert.StartsWith($"acme_live_{id}", key, StringComparison.Ordinal);
        Assert.Equal("ci", record.GetProperty("name").GetString());
        Assert.Equal("user-1", record.GetProperty("owner").GetString());
        Assert.Equal("org-1", record.GetProperty("organization").GetString());
        Assert.Equal("active", record.GetProperty("state").GetString());
        Assert.Equal("gold", record.GetProperty("tier").GetString());
        Assert.Equal(StoresTestApp.Start.AddDays(90), record.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal($"acme_live_{id}…", record.GetProperty("display").GetString());

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key)).StatusCode);

        var secret = key[$"acme_live_{id}".Length..];
        var get = await app.GetAsync($"/admin/keys/{id}", admin.Key);
        var list = await app.GetAsync("/admin/keys", admin.Key);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var getText = await get.Content.ReadAsStringAsync();
        var listText = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, getText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.DoesNotContain("salt", getText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", getText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(id, JsonDocument.Parse(getText).RootElement.GetProperty("id").GetString());
        Assert.Equal(2, JsonDocument.Parse(listText).RootElement.GetProperty("items").GetArrayLength());

        // The default store is the SQLite file; neither it nor its write-ahead log holds the secret.
        await app.App.StopAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(app.SqlitePath)!))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Revoking_takes_effect_at_once()
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin");
        var user = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", user.Key)).StatusCode);

        var response = await app.SendAsync(HttpMethod.Post, $"/admin/keys/{user.Record.Id}/revoke", admin.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("revoked", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());
        await Problems.AssertProblemAsync(await app.GetAsync("/orders", user.Key), HttpStatusCode.Unauthorized, "revoked_key");
    }

    [Fact]
    public async Task Rotating_issues_a_new_key_and_the_old_one_works_until_the_grace_period_ends()
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
        var user = await app.CreateKeyAsync("orders:read");

        var response = await app.SendAsync(HttpMethod.Post, $"/admin/keys/{user.Record.Id}/rotate", admin.Key, new { grace = "24h" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var newKey = body.GetProperty("key").GetString()!;
        Assert.Equal("in_grace_period", body.GetProperty("rotated").GetProperty("state").GetString());
        Assert.Equal(StoresTestApp.Start.AddHours(24), body.GetProperty("rotated").GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", newKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", user.Key)).StatusCode);

        app.Time.Advance(TimeSpan.FromHours(24));

        await Problems.AssertProblemAsync(await app.GetAsync("/orders", user.Key), HttpStatusCode.Unauthorized, "rotated_key");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", newKey)).StatusCode);
    }

    [Fact]
    public async Task Updating_changes_name_scopes_and_expiry_and_the_new_scopes_apply_at_once()
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "billing:read");
        var user = await app.CreateKeyAsync("orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", user.Key)).StatusCode);

        var response = await app.SendAsync(HttpMethod.Patch, $"/admin/keys/{user.Record.Id}", admin.Key, new { name = "renamed", scopes = new[] { "billing:read" }, expires = "2027-01-31T00:00:00Z" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.Keys.GetAsync(user.Record.Id);
        Assert.Equal("renamed", stored!.Name);
        Assert.Equal(["billing:read"], stored.Scopes);
        Assert.Equal(new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero), stored.ExpiresAt);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync("/orders", user.Key)).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_and_pages()
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "rampart:operator");
        for (var i = 0; i < 5; i++)
        {
            await app.Keys.CreateAsync(new() { Name = $"k{i}", Owner = "o", Organization = "org-2", Scopes = ["orders:read"], Environment = ApiKeyEnvironment.Test });
        }

        var ids = new List<string>();
        string? token = null;
        do
        {
            var path = "/admin/keys?organization=org-2&environment=test&revoked=false&pageSize=2" + (token is null ? string.Empty : $"&continuationToken={token}");
            var page = JsonDocument.Parse(await (await app.GetAsync(path, admin.Key)).Content.ReadAsStringAsync()).RootElement;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> BadRequests() => new()
    {
        { "GET", "/admin/keys/AAAAAAAAAAAA", null, HttpStatusCode.NotFound, "key_not_found" },
        { "POST", "/admin/keys/AAAAAAAAAAAA/revoke", null, HttpStatusCode.NotFound, "key_not_found" },
        { "POST", "/admin/keys/AAAAAAAAAAAA/rotate", null, HttpStatusCode.NotFound, "key_not_found" },
        { "PATCH", "/admin/keys/AAAAAAAAAAAA", """{"name":"x"}""", HttpStatusCode.NotFound, "key_not_found" },
        { "POST", "/admin/keys", """{"name":"x","scopes":["Orders Read"]}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys", """{"name":"x","scopes":[]}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys", """{"scopes":["orders:read"]}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys", """{"name":"x","scopes":["orders:read"],"expires":"2020-01-01"}""", HttpStatusCode.BadRequest, "expiry_in_past" },
        { "POST", "/admin/keys", """{"name":"x","scopes":["orders:read"],"expires":"soon"}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys", """{"name":"x","scopes":["orders:read"],"environment":"prod"}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys", """{"name":"x","scope":["orders:read"]}""", HttpStatusCode.BadRequest, "invalid_body" },
        { "POST", "/admin/keys", """{"name":"x",""", HttpStatusCode.BadRequest, "invalid_body" },
        { "POST", "/admin/keys", null, HttpStatusCode.BadRequest, "invalid_body" },
        { "POST", "/admin/keys/{user}/rotate", """{"grace":"400d"}""", HttpStatusCode.BadRequest, "grace_period_out_of_range" },
        { "POST", "/admin/keys/{user}/rotate", """{"grace":"-1h"}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "POST", "/admin/keys/{revoked}/rotate", null, HttpStatusCode.Conflict, "invalid_state" },
        { "PATCH", "/admin/keys/{revoked}", """{"name":"x"}""", HttpStatusCode.Conflict, "invalid_state" },
        { "PATCH", "/admin/keys/{user}", """{"expires":"2000-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, "expiry_in_past" },
        { "PATCH", "/admin/keys/{user}", """{"scopes":["orders:*:*"]}""", HttpStatusCode.BadRequest, "invalid_argument" },
        { "PATCH", "/admin/keys/{user}", "{}", HttpStatusCode.BadRequest, "invalid_argument" },
        { "GET", "/admin/keys?pageSize=0", null, HttpStatusCode.BadRequest, "invalid_argument" },
        { "GET", "/admin/keys?revoked=maybe", null, HttpStatusCode.BadRequest, "invalid_argument" },
        { "GET", "/admin/keys?environment=staging", null, HttpStatusCode.BadRequest, "invalid_argument" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_problem_body_and_changes_nothing(string method, string path, string? body, HttpStatusCode status, string code)
    {
        await using var app = await StoresTestApp.StartAsync();
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
        var user = await app.CreateKeyAsync("orders:read");
        var revoked = await app.CreateKeyAsync("orders:read");
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var before = await SnapshotAsync(app);

        var response = await app.SendAsync(
            new HttpMethod(method),
            path.Replace("{user}", user.Record.Id, StringComparison.Ordinal).Replace("{revoked}", revoked.Record.Id, StringComparison.Ordinal),
            admin.Key,
            rawJson: body);

        var problem = await Problems.AssertProblemAsync(response, status, code);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await SnapshotAsync(app));
    }

    private static async Task<string> SnapshotAsync(StoresTestApp app)
    {
        var page = await app.Keys.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize });
        return string.Join('\n', page.Items.Select(r => $"{r.Id} {r.Name} {r.Version} {string.Join(',', r.Scopes)} {r.ExpiresAt:O} {r.RevokedAt:O} {r.ReplacedBy}"));
    }
}

public class AdminEndpointStoreFailureTests
{
    [Fact]
    public async Task A_failing_store_gets_503_with_retry_after_from_the_admin_endpoints()
    {
        var failing = new FailingStore();
        await using var app = await StoresTestApp.StartAsync(services: s => s.AddSingleton<IApiKeyStore>(failing), useTempSqlite: false);
        var admin = await app.CreateKeyAsync("rampart:admin", "orders:read");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/admin/keys", admin.Key)).StatusCode);

        failing.Fail = true;

        var response = await app.SendAsync(HttpMethod.Post, "/admin/keys", admin.Key, new { name = "x", scopes = new[] { "orders:read" } });
        await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "key_store_unavailable");
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
        await Problems.AssertProblemAsync(await app.GetAsync("/admin/keys", admin.Key), HttpStatusCode.ServiceUnavailable, "key_store_unavailable");
    }

    private sealed class FailingStore : IApiKeyStore
    {
        private readonly InMemoryApiKeyStore _inner = new();

        public volatile bool Fail;

        public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => Fail ? Throw() : _inner.CreateAsync(record, cancellationToken);

        public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => _inner.FindAsync(id, cancellationToken);

        public async Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
        {
            await (Fail ? Throw() : Task.CompletedTask);
            return await _inner.ListAsync(query, cancellationToken);
        }

        public Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => _inner.UpdateAsync(record, cancellationToken);

        public Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default) => _inner.RotateAsync(rotated, replacement, cancellationToken);

        public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default) => _inner.RecordLastUsedAsync(usage, cancellationToken);

        private static Task Throw() => Task.FromException(new ApiKeyStoreUnavailableException("The test store is down."));
    }
}
