using System.Net;
using System.Text.Json;

namespace RampartApi.Tests;

/// <summary>The app as it runs in Development, where the OpenAPI document and its explorer are served.</summary>
public sealed class DevelopmentApiFactory : ApiFactory
{
    protected override string EnvironmentName => "Development";
}

public sealed class DocumentationTests(DevelopmentApiFactory development) : IClassFixture<DevelopmentApiFactory>
{
    private static readonly Uri Document = new("/openapi/v1.json", UriKind.Relative);

    [Fact]
    public async Task In_development_the_document_is_served_without_a_key_and_describes_the_key_scheme()
    {
        using var client = development.CreateClient(key: null);

        using var response = await client.GetAsync(Document);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var paths = document.RootElement.GetProperty("paths");
        var listOrders = paths.GetProperty("/orders").GetProperty("get");
        var requirement = Assert.Single(listOrders.GetProperty("security").EnumerateArray());
        Assert.Equal(["orders:read"], requirement.GetProperty("ApiKey").EnumerateArray().Select(s => s.GetString()));
        Assert.True(listOrders.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(paths.GetProperty("/orders").GetProperty("post").GetProperty("responses").TryGetProperty("403", out _));

        // Endpoints that need no key carry no requirement.
        Assert.False(paths.GetProperty("/.well-known/security.txt").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task In_development_the_explorer_is_served_without_a_key()
    {
        using var client = development.CreateClient(key: null);

        using var response = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task Outside_development_neither_is_served_even_with_a_key(string path)
    {
        using var production = new ApiFactory();
        using var client = production.CreateClient(await production.CreateKeyAsync("org-docs", "orders:*", "rampart:admin"));

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
