using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RampartApi.Tests;

public sealed class AdminTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly Uri Keys = new("/admin/keys", UriKind.Relative);

    [Fact]
    public async Task An_admin_key_creates_a_key_shown_once_that_calls_the_api()
    {
        using var admin = factory.CreateClient(await factory.CreateKeyAsync("org-admin", "rampart:admin", "orders:read"));

        using var created = await admin.PostAsJsonAsync(Keys, new { name = "partner", scopes = new[] { "orders:read" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = body.RootElement.GetProperty("key").GetString()!;
        var id = body.RootElement.GetProperty("record").GetProperty("id").GetString()!;
        Assert.StartsWith("tmplprefix_live_", key, StringComparison.Ordinal);
        Assert.Equal("org-admin", body.RootElement.GetProperty("record").GetProperty("organization").GetString());

        using (var partner = factory.CreateClient(key))
        using (var orders = await partner.GetAsync(new Uri("/orders", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
        }

        // Read back, the key is masked: its secret is never shown again.
        using var fetched = await admin.GetAsync(new Uri($"/admin/keys/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var text = await fetched.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.Contains(id, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_revoked_through_the_admin_endpoint_is_refused_at_once()
    {
        using var admin = factory.CreateClient(await factory.CreateKeyAsync("org-admin", "rampart:admin", "orders:read"));
        var target = await factory.IssueAsync("org-admin", "orders:read");
        using var client = factory.CreateClient(target.Key);
        using (var before = await client.GetAsync(new Uri("/orders", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await admin.PostAsync(new Uri($"/admin/keys/{target.Record.Id}/revoke", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        using var after = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_admin_scope_gets_403_and_no_key_gets_401()
    {
        using var ordinary = factory.CreateClient(await factory.CreateKeyAsync("org-admin", "orders:*"));
        using var anonymous = factory.CreateClient(key: null);

        using var forbidden = await ordinary.GetAsync(Keys);
        using var unauthorized = await anonymous.GetAsync(Keys);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("rampart:admin", Assert.Single(forbidden.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_a_problem_and_changes_nothing()
    {
        using var admin = factory.CreateClient(await factory.CreateKeyAsync("org-invalid", "rampart:admin", "orders:read"));

        using var response = await admin.PostAsJsonAsync(Keys, new { name = "bad", scopes = new[] { "Not A Scope" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var listed = await admin.GetAsync(new Uri("/admin/keys?organization=org-invalid", UriKind.Relative));
        using var body = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_admin_cannot_see_another_organisations_keys_nor_grant_scopes_it_lacks()
    {
        using var admin = factory.CreateClient(await factory.CreateKeyAsync("org-one", "rampart:admin", "orders:read"));
        var other = await factory.IssueAsync("org-two", "orders:read");

        using var foreign = await admin.GetAsync(new Uri($"/admin/keys/{other.Record.Id}", UriKind.Relative));
        using var wider = await admin.PostAsJsonAsync(Keys, new { name = "wider", scopes = new[] { "orders:write" } });
        using var elsewhere = await admin.GetAsync(new Uri("/admin/keys?organization=org-two", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wider.StatusCode);
        Assert.Contains("scope_not_held", await wider.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
    }
}
