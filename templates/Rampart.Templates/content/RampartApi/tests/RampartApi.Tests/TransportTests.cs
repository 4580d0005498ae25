using System.Net;
using System.Text.Json;

namespace RampartApi.Tests;

public sealed class TransportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_request_over_plain_http_is_refused_not_redirected()
    {
        using var client = factory.CreateClient(key: null, "http://localhost");

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https_required", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_valid_key_sent_over_plain_http_is_revoked()
    {
        var key = await factory.CreateKeyAsync("org-http", "orders:read");
        using var http = factory.CreateClient(key, "http://localhost");
        using var https = factory.CreateClient(key);

        using var exposed = await http.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, exposed.StatusCode);
        using (var problem = JsonDocument.Parse(await exposed.Content.ReadAsStringAsync()))
        {
            Assert.True(problem.RootElement.GetProperty("exposed_key").GetProperty("revoked").GetBoolean());
        }

        Assert.DoesNotContain(key, await exposed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var afterwards = await https.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task Https_responses_carry_HSTS_nosniff_and_no_server_header()
    {
        var key = await factory.CreateKeyAsync("org-headers", "orders:read");
        using var client = factory.CreateClient(key);

        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(response.Headers.Contains("Server"));
    }
}
