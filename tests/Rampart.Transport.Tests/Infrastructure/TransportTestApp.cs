using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Rampart.AspNetCore.Management;

namespace Rampart.Transport.Tests.Infrastructure;

/// <summary>The shared test host; each request sets its own scheme, host and peer address.</summary>
internal sealed class TransportTestApp : RampartTestHost
{
    public const string Prefix = "acme";

    private TransportTestApp(Started started)
        : base(started)
    {
    }

    public static async Task<TransportTestApp> StartAsync(
        Action<Rampart.AspNetCore.RampartOptions>? configure = null,
        Action<WebApplication>? map = null,
        Action<WebApplicationBuilder>? builderSetup = null,
        string environment = "Production",
        Action<WebApplication>? beforeRampart = null)
        => new(await BuildAsync(new RampartTestHostOptions
        {
            Environment = environment,
            Prefix = Prefix,
            Configure = configure,
            Builder = builderSetup,
            BeforeRampart = beforeRampart,
            Map = map ?? MapDefaultEndpoints,
        }));

    public static void MapDefaultEndpoints(WebApplication app)
    {
        app.MapGet("/orders", (HttpContext context) => Results.Ok(new { user = context.User.Identity?.Name })).RequireScopes("orders:read");
        app.MapGet("/cached", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=600";
            context.Response.Headers.Server = "Kestrel/appsays";
            context.Response.Headers.StrictTransportSecurity = "max-age=5";
            return "cached";
        }).AllowAnonymous();
        app.MapGet("/public", () => "hello").AllowAnonymous();
        app.MapGet("/docs/page", () => "docs").AllowAnonymous();
        app.MapPost("/docs/page", () => "docs").AllowAnonymous();
        app.MapGet("/api/orders", () => "api").AllowAnonymous();
    }

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => CreateKeyInAsync("org-1", scopes.Length == 0 ? ["orders:read"] : scopes, name: "billing sync");

    /// <summary>Sends one request; the URL's scheme and host become the request's.</summary>
    public Task<HttpContext> SendAsync(
        string url,
        string? bearer = null,
        string method = "GET",
        IPAddress? peer = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var uri = new Uri(url);
        return Server.SendAsync(context =>
        {
            var request = context.Request;
            request.Method = method;
            request.Scheme = uri.Scheme;
            request.Host = new HostString(uri.Authority);
            request.Path = uri.AbsolutePath;
            request.QueryString = new QueryString(uri.Query);
            context.Connection.RemoteIpAddress = peer ?? IPAddress.Parse("203.0.113.10");
            if (bearer is not null)
            {
                request.Headers.Authorization = "Bearer " + bearer;
            }

            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.Append(name, value);
            }
        });
    }

    public static JsonElement ReadJson(HttpContext context)
        => JsonDocument.Parse(ReadText(context)).RootElement.Clone();

    /// <summary>The response body; read once from TestServer's stream and kept for later calls.</summary>
    public static string ReadText(HttpContext context)
    {
        if (context.Items["body"] is string body)
        {
            return body;
        }

        using var reader = new StreamReader(context.Response.Body);
        body = reader.ReadToEnd();
        context.Items["body"] = body;
        return body;
    }
}
