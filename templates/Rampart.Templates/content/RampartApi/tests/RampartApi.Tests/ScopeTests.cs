using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RampartApi.Tests;

public sealed class ScopeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_key_without_the_write_scope_gets_403_insufficient_scope()
    {
        var key = await factory.CreateKeyAsync("org-1", "orders:read");
        using var client = factory.CreateClient(key);

        using var response = await client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { item = "widget", quantity = 2 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Contains("insufficient_scope", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("orders:write", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_the_write_scope_creates_an_order_and_a_read_key_of_its_organisation_sees_it()
    {
        var writer = await factory.CreateKeyAsync("org-write", "orders:write");
        var reader = await factory.CreateKeyAsync("org-write", "orders:read");
        var stranger = await factory.CreateKeyAsync("org-other", "orders:read");

        using (var client = factory.CreateClient(writer))
        {
            using var created = await client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { item = "widget", quantity = 2 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(1, await CountOrdersAsync(reader));
        Assert.Equal(0, await CountOrdersAsync(stranger));
    }

    [Fact]
    public async Task A_wildcard_scope_covers_every_action_of_its_resource()
    {
        var key = await factory.CreateKeyAsync("org-wildcard", "orders:*");
        using var client = factory.CreateClient(key);

        using var created = await client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { item = "bolt", quantity = 5 });
        using var listed = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    private async Task<int> CountOrdersAsync(string key)
    {
        using var client = factory.CreateClient(key);
        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetArrayLength();
    }
}
