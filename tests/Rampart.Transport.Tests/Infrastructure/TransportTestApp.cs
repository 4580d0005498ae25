using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;

namespace Rampart.Transport.Tests.Infrastructure;

/// <summary>A real Rampart pipeline on TestServer; each request sets its own scheme, host and peer address.</summary>
internal sealed class TransportTestApp : IAsyncDisposable
{
    public const string Prefix = "acme";

    private TransportTestApp(WebApplication app, FakeLogCollector logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public FakeLogCollector Logs { get; }

    public TestServer Server => App.GetTestServer();

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    public static async Task<TransportTestApp> StartAsync(
        Action<Rampart.AspNetCore.RampartOptions>? configure = null,
        Action<WebApplication>? map = null,
        Action<WebApplicationBuilder>? builderSetup = null,
        string environment = "Production",
        Action<WebApplication>? beforeRampart = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)));
        builder.Services.AddRampart(options =>
        {
            // Each app gets its own empty store; the stores have their own contract suite.
            options.Store.Provider = Rampart.AspNetCore.Storage.ApiKeyStoreProvider.InMemory;
            options.Keys.Prefix = Prefix;
            options.Keys.Peppers[1] = TestSecrets.Pepper;
            configure?.Invoke(options);
        });
        builderSetup?.Invoke(builder);

        var app = builder.Build();
        beforeRampart?.Invoke(app);
        app.UseRampart();
        (map ?? MapDefaultEndpoints)(app);
        await app.StartAsync();
        return new TransportTestApp(app, app.Services.GetFakeLogCollector());
    }

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
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "billing sync",
            Owner = "user-1",
            Organization = "org-1",
            Scopes = scopes.Length == 0 ? ["orders:read"] : scopes,
        });

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

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

internal static class TestSecrets
{
    /// <summary>Random per run; nothing secret is committed.</summary>
    public static readonly string Pepper = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
