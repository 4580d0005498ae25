using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Tests.Infrastructure;

/// <summary>The shared test host with this project's default endpoints.</summary>
internal sealed class RampartTestApp : RampartTestHost
{
    private RampartTestApp(Started started)
        : base(started)
    {
    }

    public static async Task<RampartTestApp> StartAsync(
        Action<RampartOptions>? configure = null,
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null,
        string environment = "Production")
        => new(await BuildAsync(new RampartTestHostOptions
        {
            Environment = environment,
            Configure = configure,
            Services = services,
            Map = map ?? MapDefaultEndpoints,
        }));

    public static void MapDefaultEndpoints(WebApplication app)
    {
        app.MapGet("/orders", (HttpContext context) => Results.Ok(new { user = context.User.Identity?.Name })).RequireScopes("orders:read");
        app.MapPost("/orders", () => Results.Created("/orders/1", null)).RequireScopes("orders:write");
        app.MapGet("/whoami", (HttpContext context) => context.User.Claims.Select(c => new { c.Type, c.Value }));
        app.MapGet("/public", () => "hello").AllowAnonymous();
    }

    public Task<CreatedApiKey> CreateKeyAsync(params string[] scopes)
        => CreateKeyInAsync("org-1", scopes.Length == 0 ? ["orders:read"] : scopes);
}
