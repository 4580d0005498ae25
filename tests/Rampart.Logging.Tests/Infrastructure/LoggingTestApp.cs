using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Logging.Tests.Infrastructure;

/// <summary>The shared test host with this project's endpoints and, optionally, a real SQLite audit file.</summary>
internal sealed class LoggingTestApp : RampartTestHost
{
    public static readonly string Pepper = TestPeppers.Version1;

    private readonly TempFolder? _auditFolder;

    private LoggingTestApp(Started started, TempFolder? auditFolder)
        : base(started)
    {
        _auditFolder = auditFolder;
        DatabasePath = auditFolder?.File("audit.db");
    }

    public string? DatabasePath { get; }

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
        var folder = withStore ? new TempFolder() : null;
        var started = await BuildAsync(new RampartTestHostOptions
        {
            Environment = environment,
            ServicesBeforeRampart = servicesBeforeRampart,
            BeforeRampart = beforeRampart,
            Configure = options =>
            {
                if (folder is not null)
                {
                    options.Logging.Store.ConnectionString = $"Data Source={folder.File("audit.db")};Pooling=False";
                }

                configure?.Invoke(options);
            },
            Services = services,
            Map = map ?? MapDefaultEndpoints,
        });
        return new LoggingTestApp(started, folder);
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
        => CreateKeyInAsync("org-1", scopes.Length == 0 ? ["orders:read", "orders:write"] : scopes, name: "billing service");

    public async Task<IReadOnlyList<AuditRecord>> StoredAsync()
    {
        await App.Services.GetRequiredService<AuditRecordQueue>().FlushAsync();
        return await Store.ListAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, 100_000);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _auditFolder?.Dispose();
    }
}

public sealed record OrderRequest(string Product, int Quantity, [property: PersonalData] string? Email, CustomerInfo? Customer);

public sealed record CustomerInfo(string Name, [property: SecretData] string? TaxId, string? Notes);
