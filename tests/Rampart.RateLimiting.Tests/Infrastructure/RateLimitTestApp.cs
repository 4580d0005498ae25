using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>The shared test host, configured from an in-memory configuration that tests can change and reload.</summary>
internal sealed class RateLimitTestApp : RampartTestHost
{
    private RateLimitTestApp(Started started)
        : base(started)
    {
    }

    public static async Task<RateLimitTestApp> StartAsync(
        IDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? servicesBeforeRampart = null)
        => new(await BuildAsync(new RampartTestHostOptions
        {
            Settings = settings,
            ServicesBeforeRampart = servicesBeforeRampart,
            Services = services,
            Time = time,
            Map = app =>
            {
                app.MapGet("/orders", () => "orders");
                app.MapPost("/reports", () => "report").RateLimitCost(5);
                app.MapGet("/health", () => "ok").ExemptFromRateLimits();
                app.MapGet("/public", () => "hello").AllowAnonymous();
                map?.Invoke(app);
            },
        }));

    public async Task<(string Key, string Id)> CreateKeyAsync(string organization = "org-1", string? tier = null, string name = "test key")
    {
        var created = await CreateKeyInAsync(organization, ["orders:read"], name, tier);
        return (created.Key, created.Record.Id);
    }

    public Task<HttpResponseMessage> SendAsync(string path, string? key, HttpMethod? method = null)
        => SendAsync(method ?? HttpMethod.Get, path, key);
}
