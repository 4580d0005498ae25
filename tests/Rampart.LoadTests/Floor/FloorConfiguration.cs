using System.Security.Cryptography;

namespace Rampart.LoadTests.Floor;

/// <summary>
/// The floors: the Rampart configuration's required work per request by one small hand-written middleware
/// (<see cref="FloorMiddleware"/>), no Rampart and no framework authentication or authorization.
/// <c>floor-a</c> counts the six windows in memory; <c>floor-r</c> (with <paramref name="redis"/>, <c>host:port</c>)
/// in Redis, one EVALSHA per request; <c>floor-r-coalesced</c> (with <paramref name="coalesced"/>) in Redis, the
/// requests that arrive while a call is in flight sent together in the next one. What the Rampart
/// configuration can reach is bounded by these.
/// </summary>
internal sealed class FloorConfiguration(string? redis = null, bool coalesced = false) : IApiConfiguration
{
    private const string Prefix = "load";

    public void ConfigureEndpoint(RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new FloorRequirement("orders:read", "org"));

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new FloorKeys(Prefix, RandomNumberGenerator.GetBytes(32)));
        if (redis is null)
        {
            builder.Services.AddSingleton<IFloorWindows, InMemoryFloorWindows>();
        }
        else if (coalesced)
        {
            builder.Services.AddSingleton(new CoalescedRedisFloorWindows(redis));
            builder.Services.AddSingleton<IFloorWindows>(sp => sp.GetRequiredService<CoalescedRedisFloorWindows>());
        }
        else
        {
            builder.Services.AddSingleton(new RedisFloorWindows(redis));
            builder.Services.AddSingleton<IFloorWindows>(sp => sp.GetRequiredService<RedisFloorWindows>());
        }
    }

    public void ConfigurePipeline(WebApplication app) => app.UseMiddleware<FloorMiddleware>();

    public Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var keys = services.GetRequiredService<FloorKeys>();
        var valid = new List<IssuedKey>();
        for (var i = 0; i < count; i++)
        {
            var organization = $"org{i % 10}";
            valid.Add(new IssuedKey(keys.Issue($"key {i}", organization, ["orders:read"]), organization));
        }

        var badChecksum = valid.Select(k => k with { Key = k.Key[..^1] + (k.Key[^1] == '0' ? '1' : '0') }).ToList();
        var unknown = valid.Select(k => k with { Key = new FloorKeys(Prefix, RandomNumberGenerator.GetBytes(32)).Issue("unknown", k.Organization, []) }).ToList();
        return Task.FromResult(new IssuedKeys(valid, badChecksum, unknown));
    }
}
