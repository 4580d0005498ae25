using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Management;

namespace Rampart.Stores.Tests.Infrastructure;

/// <summary>
/// The shared test host with the default (SQLite) store in a temporary folder, the admin and audit
/// endpoints, and app endpoints bound to the caller's organisation.
/// </summary>
internal sealed class StoresTestApp : RampartTestHost
{
    public static readonly string Pepper = TestPeppers.Version1;

    private readonly TempFolder? _auditFolder;

    private StoresTestApp(Started started, TempFolder? auditFolder)
        : base(started)
    {
        _auditFolder = auditFolder;
    }

    /// <param name="audit">Keeps audit records and the admin log in a SQLite audit database of its own.</param>
    public static async Task<StoresTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null,
        bool useTempSqlite = true,
        bool audit = false)
    {
        var auditFolder = audit ? new TempFolder() : null;
        return new(
            await BuildAsync(new RampartTestHostOptions
            {
                KeyStore = useTempSqlite ? TestKeyStore.TempSqlite : TestKeyStore.AsConfigured,
                Configure = options =>
                {
                    if (auditFolder is not null)
                    {
                        options.Logging.Store.ConnectionString = $"Data Source={auditFolder.File("audit.db")}";
                    }

                    configure?.Invoke(options);
                },
                Services = services,
                Time = time,
                Map = app =>
                {
                    app.MapRampartKeys("/admin/keys");
                    app.MapRampartAudit("/admin/audit");
                    app.MapRampartDataSubjects("/admin/subjects");
                    app.MapGet("/orders", () => "orders").RequireScopes("orders:read");

                    // App endpoints bound to the organisation the request names, answering from the accessor.
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
                },
            }),
            auditFolder);
    }

    /// <summary>An instance with its keys, audit records, usage and admin log in <paramref name="schema"/> of <paramref name="server"/>.</summary>
    public static Task<StoresTestApp> StartOnPostgresAsync(PostgresServer server, string schema, Action<RampartOptions>? configure = null)
        => StartAsync(
            configure,
            useTempSqlite: false,
            services: services => services
                .AddRampartPostgreSql(options =>
                {
                    options.ConnectionString = server.ConnectionString;
                    options.Schema = schema;
                })
                .AddRampartPostgreSqlAuditStore());

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => CreateKeyInAsync("org-1", scopes.Length == 0 ? ["orders:read"] : scopes, name: "test key");

    /// <summary>A key of <paramref name="organization"/> named after it, made in the store directly.</summary>
    public Task<CreatedApiKey> CreateKeyInAsync(string organization, params string[] scopes)
        => CreateKeyInAsync(organization, scopes, name: $"{organization} key");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _auditFolder?.Dispose();
    }
}
