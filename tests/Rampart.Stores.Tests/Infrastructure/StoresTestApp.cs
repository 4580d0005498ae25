using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Management;

namespace Rampart.Stores.Tests.Infrastructure;

/// <summary>The shared test host with the default (SQLite) store in a temporary folder and the admin endpoints.</summary>
internal sealed class StoresTestApp : RampartTestHost
{
    public static readonly string Pepper = TestPeppers.Version1;

    private StoresTestApp(Started started)
        : base(started)
    {
    }

    public static async Task<StoresTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null,
        bool useTempSqlite = true)
        => new(await BuildAsync(new RampartTestHostOptions
        {
            KeyStore = useTempSqlite ? TestKeyStore.TempSqlite : TestKeyStore.AsConfigured,
            Configure = configure,
            Services = services,
            Time = time,
            Map = app =>
            {
                app.MapRampartKeys("/admin/keys");
                app.MapGet("/orders", () => "orders").RequireScopes("orders:read");
            },
        }));

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => CreateKeyInAsync("org-1", scopes.Length == 0 ? ["orders:read"] : scopes);
}
