using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Logging.Tests.Infrastructure;

/// <summary>A real Rampart pipeline on TestServer with fake time, captured logs and (optionally) a real SQLite audit file.</summary>
internal sealed class LoggingTestApp : IAsyncDisposable
{
    public static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private LoggingTestApp(WebApplication app, FakeTimeProvider time, FakeLogCollector logs, string? databasePath)
    {
        App = app;
        Time = time;
        Logs = logs;
        DatabasePath = databasePath;
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("https://localhost/"); // Rampart refuses API requests over plain HTTP.
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public string? DatabasePath { get; }

    public IApiKeyManager Keys => App.Services.GetRequiredService<IApiKeyManager>();

    public IAuditStore Store => App.Services.GetRequiredService<IAuditStore>();

    public static async Task<LoggingTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<WebApplication>? map = null,
        bool withStore = false,
        Action<IServiceCollection>? services = null,
        string environment = "Production",
        Action<IServiceCollection>? servicesBeforeRampart = null,
        Action<WebApplication>? beforeRampart = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFakeLogging();
        servicesBeforeRampart?.Invoke(builder.Services);

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        string? databasePath = withStore ? Path.Combine(Path.GetTempPath(), $"rampart-audit-{Guid.NewGuid():N}.db") : null;
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRampart(options =>
        {
            // Each app gets its own empty store; the stores have their own contract suite.
            options.Store.Provider = Rampart.AspNetCore.Storage.ApiKeyStoreProvider.InMemory;
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = Pepper;
            if (databasePath is not null)
            {
                options.Logging.Store.ConnectionString = $"Data Source={databasePath};Pooling=False";
            }

            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        beforeRampart?.Invoke(app);
        app.UseRampart();
        (map ?? MapDefaultEndpoints)(app);
        await app.StartAsync();
        return new LoggingTestApp(app, time, app.Services.GetFakeLogCollector(), databasePath);
    }

    public static void MapDefaultEndpoints(WebApplication app)
    {
        app.MapGet("/orders/{id}", (string id) => Results.Ok(new { id })).RequireScopes("orders:read");
        app.MapPost("/orders", (OrderRequest order) => Results.Created("/orders/1", null)).RequireScopes("orders:write").LogBodies();
        app.MapPost("/notes", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Ok(new { length = (await reader.ReadToEndAsync()).Length });
        }).RequireScopes("orders:write").LogBodies();
        app.MapPost("/plain", () => Results.Ok()).RequireScopes("orders:write");
        app.MapGet("/public", () => "hello").AllowAnonymous();
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom")).AllowAnonymous();
    }

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => Keys.CreateAsync(new ApiKeyCreateRequest
        {
            Name = "billing service",
            Owner = "user-1",
            Organization = "org-1",
            Scopes = scopes.Length == 0 ? ["orders:read", "orders:write"] : scopes,
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

    /// <summary>Every captured log line (formatted message and every structured value) as one string each.</summary>
    public IReadOnlyList<string> LoggedText()
    {
        var lines = new List<string>();
        foreach (var record in Logs.GetSnapshot())
        {
            lines.Add(record.Message);
            if (record.State is IReadOnlyList<KeyValuePair<string, string?>> state)
            {
                lines.AddRange(state.Select(pair => $"{pair.Key}={pair.Value}"));
            }

            if (record.Exception is { } exception)
            {
                lines.Add(exception.ToString());
            }
        }

        return lines;
    }

    public async Task<IReadOnlyList<AuditRecord>> StoredAsync()
    {
        await App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync();
        return await Store.ListAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (DatabasePath is not null)
        {
            foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

public sealed record OrderRequest(string Product, int Quantity, [property: PersonalData] string? Email, CustomerInfo? Customer);

public sealed record CustomerInfo(string Name, [property: SecretData] string? TaxId, string? Notes);
