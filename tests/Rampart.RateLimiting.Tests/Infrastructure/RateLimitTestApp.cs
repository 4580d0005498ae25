using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;

namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>A real Rampart pipeline on TestServer, configured from an in-memory configuration that tests can change and reload.</summary>
internal sealed class RateLimitTestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private RateLimitTestApp(WebApplication app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
        Logs = app.Services.GetFakeLogCollector();
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost/"); // Rampart refuses API requests over plain HTTP.
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public IConfigurationRoot Configuration => (IConfigurationRoot)App.Configuration;

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    public static async Task<RateLimitTestApp> StartAsync(
        IDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(settings);

        time ??= new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRampart(options =>
        {
            // Each app gets its own empty store; the stores have their own contract suite.
            options.Store.Provider = Rampart.AspNetCore.Storage.ApiKeyStoreProvider.InMemory;
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = Pepper;
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRampart();
        app.MapGet("/orders", () => "orders");
        app.MapPost("/reports", () => "report").RateLimitCost(5);
        app.MapGet("/health", () => "ok").ExemptFromRateLimits();
        app.MapGet("/public", () => "hello").AllowAnonymous();
        map?.Invoke(app);

        await app.StartAsync();
        return new RateLimitTestApp(app, time);
    }

    public async Task<(string Key, string Id)> CreateKeyAsync(string organization = "org-1", string? tier = null, string name = "test key")
    {
        var created = await Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = name,
            Owner = "user-1",
            Organization = organization,
            Scopes = ["orders:read"],
            Tier = tier,
        });
        return (created.Key, created.Record.Id);
    }

    public Task<HttpResponseMessage> SendAsync(string path, string? key, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
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
