using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Authentication;

public class AuthenticationResponseTests
{
    [Fact]
    public async Task A_valid_key_with_the_scope_is_admitted_and_its_claims_are_on_the_principal()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync("orders:read");

        var response = await app.GetAsync("/whoami", created.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString());
        Assert.Equal(created.Record.Id, claims["rampart:key_id"]);
        Assert.Equal("test key", claims["rampart:key_name"]);
        Assert.Equal("user-1", claims["rampart:owner"]);
        Assert.Equal("org-1", claims["rampart:org"]);
        Assert.Equal("live", claims["rampart:env"]);
        Assert.Equal("orders:read", claims["scope"]);

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", created.Key)).StatusCode);
    }

    [Fact]
    public async Task Missing_credentials_get_401_with_a_bare_bearer_challenge_and_a_problem_body()
    {
        await using var app = await RampartTestApp.StartAsync();

        var response = await app.GetAsync("/orders", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // RFC 6750 §3.1: no error code when the request carried no authentication at all.
        Assert.Equal("Bearer realm=\"api\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        await AssertProblemAsync(response, 401, "missing_credentials");
    }

    [Fact]
    public async Task Endpoints_without_metadata_require_a_key_by_default_and_anonymous_ones_do_not()
    {
        await using var app = await RampartTestApp.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/whoami", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/public", null)).StatusCode);
    }

    public static TheoryData<string, string> InvalidKeys()
    {
        var id = ApiKeyGenerator.NewKeyId();
        var good = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, id);
        return new()
        {
            { "not-a-key", "malformed_key" },
            { good[..^1] + (good[^1] == 'a' ? 'b' : 'a'), "malformed_key" },
            { ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Live, id), "wrong_prefix" },
            { ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, id), "wrong_environment" },
            { good, "unknown_key" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_keys_get_401_invalid_token_with_a_stable_code(string key, string code)
    {
        await using var app = await RampartTestApp.StartAsync();

        var response = await app.GetAsync("/orders", key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        var body = await AssertProblemAsync(response, 401, code);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_key_id_with_a_wrong_secret_is_indistinguishable_from_an_unknown_key()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync();
        await app.Keys.RevokeAsync(created.Record.Id);
        var forged = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, created.Record.Id);

        var response = await app.GetAsync("/orders", forged);

        // Revoked is told only to the holder of the real secret.
        await AssertProblemAsync(response, 401, "unknown_key");
    }

    [Fact]
    public async Task Expired_revoked_and_rotated_keys_are_told_apart_for_their_holder()
    {
        await using var app = await RampartTestApp.StartAsync();
        var expiring = await app.Keys.CreateAsync(new()
        {
            Name = "short",
            Owner = "o",
            Organization = "org-1",
            Scopes = ["orders:read"],
            ExpiresAt = app.Time.GetUtcNow().AddHours(1),
        });
        var revoked = await app.CreateKeyAsync();
        var rotated = await app.CreateKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", expiring.Key)).StatusCode);
        await app.Keys.RevokeAsync(revoked.Record.Id);
        var replacement = await app.Keys.RotateAsync(rotated.Record.Id, TimeSpan.FromHours(24));

        // During the grace period both the old and the new key work.
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", rotated.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", replacement.Key)).StatusCode);

        app.Time.Advance(TimeSpan.FromHours(25));
        await AssertProblemAsync(await app.GetAsync("/orders", expiring.Key), 401, "expired_key");
        await AssertProblemAsync(await app.GetAsync("/orders", revoked.Key), 401, "revoked_key");
        await AssertProblemAsync(await app.GetAsync("/orders", rotated.Key), 401, "rotated_key");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", replacement.Key)).StatusCode);
    }

    [Fact]
    public async Task Revocation_takes_effect_at_once_despite_the_cache()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", created.Key)).StatusCode);

        await app.Keys.RevokeAsync(created.Record.Id);

        await AssertProblemAsync(await app.GetAsync("/orders", created.Key), 401, "revoked_key");
    }

    [Fact]
    public async Task A_missing_scope_gets_403_insufficient_scope_naming_the_scope()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync("orders:read");

        var request = new HttpRequestMessage(HttpMethod.Post, "/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"orders:write\"", challenge.Parameter, StringComparison.Ordinal);
        var body = await AssertProblemAsync(response, 403, "insufficient_scope");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("orders:write", json.RootElement.GetProperty("scope").GetString());
        Assert.Equal(["orders:write"], json.RootElement.GetProperty("required_scopes").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("orders:*", true)]
    [InlineData("*:write", true)]
    [InlineData("*:*", true)]
    [InlineData("orders:read", false)]
    [InlineData("invoices:write", false)]
    public async Task Wildcard_scopes_cover_what_they_name(string granted, bool admitted)
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync(granted);
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);

        var response = await app.Client.SendAsync(request);

        Assert.Equal(admitted ? HttpStatusCode.Created : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused_never_first_one_wins()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + created.Key, "Bearer " + created.Key]);

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error=\"invalid_request\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        await AssertProblemAsync(response, 400, "multiple_credentials");
    }

    [Fact]
    public async Task One_authorization_header_with_two_values_is_refused()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {created.Key}, Bearer {created.Key}");

        await AssertProblemAsync(await app.Client.SendAsync(request), 400, "multiple_credentials");
    }

    [Fact]
    public async Task Keys_in_the_query_string_are_refused_by_default()
    {
        await using var app = await RampartTestApp.StartAsync();
        var created = await app.CreateKeyAsync();

        var response = await app.GetAsync("/orders?api_key=" + created.Key, key: null);

        await AssertProblemAsync(response, 400, "credentials_in_query");
    }

    [Fact]
    public async Task Keys_in_the_query_string_work_when_enabled_but_not_alongside_a_header()
    {
        // Query-string keys are a dangerous setting: outside Development the app refuses to start.
        await using var app = await RampartTestApp.StartAsync(o => o.Authentication.AllowQueryString = true, environment: "Development");
        var created = await app.CreateKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders?api_key=" + created.Key, key: null)).StatusCode);
        await AssertProblemAsync(await app.GetAsync("/orders?api_key=" + created.Key, created.Key), 400, "multiple_credentials");
    }

    [Fact]
    public async Task A_configured_header_carries_the_bare_key()
    {
        await using var app = await RampartTestApp.StartAsync(o => o.Authentication.HeaderName = "X-Api-Key");
        var created = await app.CreateKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("X-Api-Key", created.Key);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        // With a custom header configured, a Bearer header is not read as a key.
        await AssertProblemAsync(await app.GetAsync("/orders", created.Key), 401, "missing_credentials");
    }

    [Fact]
    public async Task A_test_key_is_refused_by_a_live_app_and_accepted_by_a_test_app()
    {
        await using var live = await RampartTestApp.StartAsync();
        await using var test = await RampartTestApp.StartAsync(o => o.Keys.Environment = ApiKeyEnvironment.Test);
        var testKey = await test.CreateKeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await test.GetAsync("/orders", testKey.Key)).StatusCode);
        Assert.StartsWith("acme_test_", testKey.Key, StringComparison.Ordinal);
        await AssertProblemAsync(await live.GetAsync("/orders", testKey.Key), 401, "wrong_environment");
    }

    internal static async Task<string> AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.StartsWith("urn:rampart:problem:", root.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        return body;
    }
}
