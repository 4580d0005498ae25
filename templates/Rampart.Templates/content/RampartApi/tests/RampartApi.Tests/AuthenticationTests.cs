using System.Net;

namespace RampartApi.Tests;

public sealed class AuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_request_without_a_key_gets_401_with_a_bearer_challenge()
    {
        using var client = factory.CreateClient(key: null);

        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("tmplprefix_live_000000000000000000000000000000000000000000000000000000000")]
    public async Task A_malformed_or_forged_key_gets_401(string key)
    {
        using var client = factory.CreateClient(key);

        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_was_issued_is_admitted_and_starts_with_the_app_prefix()
    {
        var key = await factory.CreateKeyAsync("org-1", "orders:read");
        using var client = factory.CreateClient(key);

        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("tmplprefix_live_", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var created = await factory.IssueAsync("org-1", "orders:read");
        using var client = factory.CreateClient(created.Key);
        using (var before = await client.GetAsync(new Uri("/orders", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await factory.Keys.RevokeAsync(created.Record.Id);

        using var after = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
