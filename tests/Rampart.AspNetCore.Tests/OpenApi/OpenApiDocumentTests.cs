using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Tests.Infrastructure;
using Rampart.OpenApi;

namespace Rampart.AspNetCore.Tests.OpenApi;

/// <summary>Reads the documents Microsoft.AspNetCore.OpenApi generates for a Rampart app.</summary>
public sealed class OpenApiDocumentTests
{
    private static void Map(WebApplication app)
    {
        app.MapGet("/orders", () => "orders").RequireScopes("orders:read");
        app.MapPost("/reports", () => "report").RequireScopes("reports:read", "reports:write");
        app.MapGet("/whoami", () => "me");
        app.MapGet("/public", () => "hello").AllowAnonymous();
        app.MapGet("/status", () => "fine").RequireScopes("status:read").ExemptFromRateLimits();
        app.MapRampartKeys("/admin/keys");
        app.MapOpenApi().AllowAnonymous();
    }

    private static async Task<JsonElement> DocumentAsync(RampartTestApp app, string name = "v1")
    {
        // No key: the app made the document public with AllowAnonymous.
        using var response = await app.Client.GetAsync(new Uri($"/openapi/{name}.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task The_public_document_has_the_bearer_scheme_scoped_requirements_and_problem_responses_and_no_admin_endpoints()
    {
        await using var app = await RampartTestApp.StartAsync(map: Map, services: s => s.AddRampartOpenApi());
        var document = await DocumentAsync(app);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(RampartOpenApi.SecuritySchemeName);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.False(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty(RampartOpenApi.QuerySecuritySchemeName, out _));

        var orders = Operation(document, "/orders", "get");
        Assert.Equal(["orders:read"], Requirement(orders));
        Assert.Contains("`orders:read`", orders.GetProperty("description").GetString(), StringComparison.Ordinal);
        var responses = orders.GetProperty("responses");
        Assert.True(responses.GetProperty("401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
        Assert.True(responses.GetProperty("403").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
        var limited = responses.GetProperty("429").GetProperty("headers");
        Assert.Equal("integer", limited.GetProperty("Retry-After").GetProperty("schema").GetProperty("type").GetString());
        Assert.True(limited.TryGetProperty("RateLimit-Policy", out _));
        Assert.True(limited.TryGetProperty("RateLimit", out _));
        Assert.True(responses.GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.Equal(
            "#/components/schemas/" + RampartOpenApi.ProblemSchemaName,
            responses.GetProperty("401").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty(RampartOpenApi.ProblemSchemaName).GetProperty("properties");
        Assert.True(problem.TryGetProperty("code", out _));
        Assert.True(responses.TryGetProperty("200", out _));

        Assert.Equal(["reports:read", "reports:write"], Requirement(Operation(document, "/reports", "post")));

        // The fallback policy asks for a key, without scopes: 401 but no 403.
        var whoami = Operation(document, "/whoami", "get");
        Assert.Empty(Requirement(whoami));
        Assert.True(whoami.GetProperty("responses").TryGetProperty("401", out _));
        Assert.False(whoami.GetProperty("responses").TryGetProperty("403", out _));

        // Anonymous: nothing added. Exempt from rate limits: no 429.
        var open = Operation(document, "/public", "get");
        Assert.False(open.TryGetProperty("security", out _));
        Assert.False(open.GetProperty("responses").TryGetProperty("401", out _));
        Assert.False(Operation(document, "/status", "get").GetProperty("responses").TryGetProperty("429", out _));

        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configured_header_and_the_query_string_become_api_key_schemes()
    {
        await using var app = await RampartTestApp.StartAsync(
            configure: o =>
            {
                o.Authentication.HeaderName = "X-Api-Key";
                o.Authentication.AllowQueryString = true;
            },
            map: Map,
            services: s => s.AddRampartOpenApi(),
            environment: "Development"); // keys in URLs are refused at start elsewhere
        var document = await DocumentAsync(app);

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var header = schemes.GetProperty(RampartOpenApi.SecuritySchemeName);
        Assert.Equal("apiKey", header.GetProperty("type").GetString());
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", header.GetProperty("name").GetString());
        var query = schemes.GetProperty(RampartOpenApi.QuerySecuritySchemeName);
        Assert.Equal("query", query.GetProperty("in").GetString());
        Assert.Equal("api_key", query.GetProperty("name").GetString());

        // Either form satisfies the operation: two alternative requirements.
        var security = Operation(document, "/orders", "get").GetProperty("security");
        Assert.Equal(2, security.GetArrayLength());
    }

    [Fact]
    public async Task The_admin_document_describes_the_key_endpoints_with_their_bodies_and_201()
    {
        await using var app = await RampartTestApp.StartAsync(
            map: Map,
            services: s => s.AddRampartOpenApi().AddRampartOpenApi(RampartOpenApi.AdminDocumentName));
        var document = await DocumentAsync(app, RampartOpenApi.AdminDocumentName);

        Assert.All(document.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith("/admin/keys", p.Name, StringComparison.Ordinal));
        var create = Operation(document, "/admin/keys", "post");
        Assert.Equal(["rampart:admin"], Requirement(create));
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out var created));
        Assert.True(created.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));
        Assert.False(create.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(Operation(document, "/admin/keys/{id}/rotate", "post").GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(Operation(document, "/admin/keys/{id}", "get").GetProperty("responses").TryGetProperty("404", out _));
    }

    [Fact]
    public async Task Without_AllowAnonymous_the_document_needs_a_key_like_any_endpoint()
    {
        await using var app = await RampartTestApp.StartAsync(
            map: a =>
            {
                a.MapGet("/orders", () => "orders").RequireScopes("orders:read");
                a.MapOpenApi();
            },
            services: s => s.AddRampartOpenApi());

        using var response = await app.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static JsonElement Operation(JsonElement document, string path, string method)
        => document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static string[] Requirement(JsonElement operation)
    {
        var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
        return requirement.GetProperty(RampartOpenApi.SecuritySchemeName).EnumerateArray().Select(s => s.GetString()!).ToArray();
    }
}
