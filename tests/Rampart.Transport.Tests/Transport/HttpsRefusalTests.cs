using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore;
using Rampart.Transport.Tests.Infrastructure;

namespace Rampart.Transport.Tests.Transport;

public class HttpsRefusalTests
{
    public static TheoryData<string, string, string, int, string?> Matrix() => new()
    {
        // options, method, url, status, Location
        { "default", "GET", "http://api.example.com/public", 403, null },
        { "default", "GET", "http://api.example.com/orders", 403, null },
        { "default", "GET", "http://localhost/docs/page", 403, null },
        { "default", "POST", "http://127.0.0.1:8080/docs/page", 403, null },
        { "default", "GET", "https://api.example.com/public", 200, null },
        { "redirect-docs", "GET", "http://www.example.com/docs/page?x=1", 307, "https://www.example.com/docs/page?x=1" },
        { "redirect-docs", "POST", "http://www.example.com/docs/page", 308, "https://www.example.com/docs/page" },
        { "redirect-docs", "GET", "http://www.example.com:8080/docs/page", 307, "https://www.example.com/docs/page" },
        { "redirect-docs-port", "GET", "http://www.example.com:8080/docs/page", 307, "https://www.example.com:8443/docs/page" },
        { "redirect-docs", "GET", "http://www.example.com/api/orders", 403, null },
        { "redirect-docs", "GET", "http://www.example.com/API/orders", 403, null },
        { "redirect-docs", "GET", "https://www.example.com/docs/page", 200, null },
        { "api-only-no-redirect", "GET", "http://www.example.com/docs/page", 403, null },
        { "allow-http", "GET", "http://localhost/public", 200, null },
    };

    private static void Configure(string name, RampartOptions options)
    {
        switch (name)
        {
            case "redirect-docs":
                options.Transport.ApiPaths.Clear();
                options.Transport.ApiPaths.Add("/api");
                options.Transport.RedirectNonApiRoutes = true;
                break;
            case "redirect-docs-port":
                options.Transport.ApiPaths.Clear();
                options.Transport.ApiPaths.Add("/api");
                options.Transport.RedirectNonApiRoutes = true;
                options.Transport.HttpsPort = 8443;
                break;
            case "api-only-no-redirect":
                options.Transport.ApiPaths.Clear();
                options.Transport.ApiPaths.Add("/api");
                break;
            case "allow-http":
                options.Transport.AllowHttp = true;
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Plain_http_is_refused_or_redirected_as_configured(string options, string method, string url, int status, string? location)
    {
        // AllowHttp is a dangerous setting: only Development starts with it.
        await using var app = await TransportTestApp.StartAsync(o => Configure(options, o), environment: options == "allow-http" ? "Development" : "Production");

        var context = await app.SendAsync(url, method: method);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(location, context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null);
        if (status == 403)
        {
            var body = TransportTestApp.ReadJson(context);
            Assert.Equal("application/problem+json", context.Response.ContentType);
            Assert.Equal("urn:rampart:problem:https-required", body.GetProperty("type").GetString());
            Assert.Equal("https_required", body.GetProperty("code").GetString());
            Assert.Equal(403, body.GetProperty("status").GetInt32());
            Assert.False(body.TryGetProperty("exposed_key", out _));
            Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        }

        if (location is not null)
        {
            Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        }

        if (url.StartsWith("http:", StringComparison.Ordinal))
        {
            Assert.False(context.Response.Headers.ContainsKey("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task Api_paths_and_redirects_bind_from_configuration()
    {
        await using var app = await TransportTestApp.StartAsync(builderSetup: b => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration, new Dictionary<string, string?>
        {
            ["Rampart:Transport:ApiPaths:0"] = "/api",
            ["Rampart:Transport:RedirectNonApiRoutes"] = "true",
            ["Rampart:Transport:Hsts:MaxAge"] = "730.00:00:00",
        }));

        Assert.Equal(StatusCodes.Status307TemporaryRedirect, (await app.SendAsync("http://www.example.com/docs/page")).Response.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, (await app.SendAsync("http://www.example.com/api/orders")).Response.StatusCode);
        Assert.Equal("max-age=63072000; includeSubDomains", (await app.SendAsync("https://www.example.com/docs/page")).Response.Headers.StrictTransportSecurity.ToString());
    }

    [Fact]
    public async Task A_refused_request_never_reaches_the_endpoint()
    {
        var reached = 0;
        await using var app = await TransportTestApp.StartAsync(map: a => a.MapPost("/transfer", () => Interlocked.Increment(ref reached)).AllowAnonymous());

        var context = await app.SendAsync("http://api.example.com/transfer", method: "POST");

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        Assert.Equal(0, reached);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Id == 1310 && r.Category == "Rampart.Transport");
    }
}
