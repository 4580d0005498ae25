using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Management;

namespace Rampart.Stores.Tests.Infrastructure;

/// <summary>A real Rampart app on TestServer with the default (SQLite) store in a temporary folder, fake time and captured logs.</summary>
internal sealed class StoresTestApp : IAsyncDisposable
{
    public static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly TempFolder? _folder;

    private StoresTestApp(WebApplication app, FakeTimeProvider time, TempFolder? folder)
    {
        App = app;
        Time = time;
        _folder = folder;
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost/"); // Rampart refuses API requests over plain HTTP.
        Logs = app.Services.GetFakeLogCollector();
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static async Task<StoresTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null,
        bool useTempSqlite = true,
        bool audit = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();

        time ??= new FakeTimeProvider(Start);
        var folder = useTempSqlite ? new TempFolder() : null;
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRampart(options =>
        {
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = Pepper;
            if (folder is not null)
            {
                options.Store.Sqlite.Path = folder.File("keys.db");
                if (audit)
                {
                    options.Logging.Store.ConnectionString = $"Data Source={folder.File("audit.db")}";
                }
            }

            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRampart();
        app.MapRampartKeys("/admin/keys");
        app.MapRampartAudit("/admin/audit");
        app.MapGet("/orders", () => "orders").RequireScopes("orders:read");

        // An app endpoint bound to the organisation its route names, answering from the accessor.
        app.MapGet("/organizations/{orgId}/orders", (HttpContext context) =>
            {
                var key = context.GetRampartKey()!;
                return Results.Ok(new { organization = key.Organization, keyId = key.Id, scopes = key.Scopes, roles = key.Roles });
            })
            .RequireScopes("orders:read")
            .RequireOrganization(fromRoute: "orgId");
        app.MapGet("/reports", (HttpContext context) => context.GetRampartKey()!.Organization)
            .RequireOrganization(fromQuery: "org", allowOperators: true);
        app.MapGet("/invoices", (HttpContext context) => context.GetRampartKey()!.Organization)
            .RequireOrganization(resolver: context => context.Request.Headers["X-Organization"].FirstOrDefault());
        await app.StartAsync();
        return new StoresTestApp(app, time, folder);
    }

    public string? SqlitePath => _folder?.File("keys.db");

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "test key",
            Owner = "user-1",
            Organization = "org-1",
            Scopes = scopes.Length == 0 ? ["orders:read"] : scopes,
        });

    public Task<CreatedApiKey> CreateKeyInAsync(string organization, params string[] scopes)
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = $"{organization} key",
            Owner = $"{organization}-owner",
            Organization = organization,
            Scopes = scopes,
        });

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? json = null, string? rawJson = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        else if (rawJson is not null)
        {
            request.Content = new StringContent(rawJson, System.Text.Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _folder?.Dispose();
    }
}
