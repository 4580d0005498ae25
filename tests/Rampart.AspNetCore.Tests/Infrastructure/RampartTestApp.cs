using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Tests.Infrastructure;

/// <summary>A real Rampart pipeline on TestServer with fake time and captured logs.</summary>
internal sealed class RampartTestApp : IAsyncDisposable
{
    private RampartTestApp(WebApplication app, FakeTimeProvider time, FakeLogCollector logs)
    {
        App = app;
        Time = time;
        Logs = logs;
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost/"); // Rampart refuses API requests over plain HTTP.
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    public static async Task<RampartTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null,
        string environment = "Production")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRampart(options =>
        {
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = TestPeppers.Version1;
            options.Store.Provider = ApiKeyStoreProvider.InMemory;
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRampart();
        if (map is null)
        {
            MapDefaultEndpoints(app);
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new RampartTestApp(app, time, app.Services.GetFakeLogCollector());
    }

    public static void MapDefaultEndpoints(WebApplication app)
    {
        app.MapGet("/orders", (HttpContext context) => Results.Ok(new { user = context.User.Identity?.Name })).RequireScopes("orders:read");
        app.MapPost("/orders", () => Results.Created("/orders/1", null)).RequireScopes("orders:write");
        app.MapGet("/whoami", (HttpContext context) => context.User.Claims.Select(c => new { c.Type, c.Value }));
        app.MapGet("/public", () => "hello").AllowAnonymous();
    }

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "test key",
            Owner = "user-1",
            Organization = "org-1",
            Scopes = scopes.Length == 0 ? ["orders:read"] : scopes,
        });

    public Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
