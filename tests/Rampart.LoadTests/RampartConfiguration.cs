using System.Security.Cryptography;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;

namespace Rampart.LoadTests;

/// <summary>
/// 3. Rampart's full pipeline with its defaults: everything <c>AddRampart</c> / <c>UseRampart</c> turn on
/// (audit record, HTTPS-only transport and HSTS, log scrubbing, cached key verify with the keyed hash,
/// 3 windows × key + organisation), the endpoint bound to the key's organisation and its scope, and
/// tracing listened to. The server refuses to start if any of these is off.
/// </summary>
/// <remarks>
/// 4. With <paramref name="redis"/> (<c>host:port</c>), the same with the Redis limiter: one round
/// trip per request to a real <c>redis-server</c> on loopback.
/// </remarks>
internal sealed class RampartConfiguration(string workFolder, string? redis = null) : IApiConfiguration
{
    private const string Prefix = "load";

    public void ConfigureEndpoint(RouteHandlerBuilder endpoint) => endpoint.RequireScopes("orders:read").RequireOrganization(fromRoute: "org");

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Keys:Prefix"] = Prefix,
            ["Rampart:Keys:Peppers:1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Rampart:Store:Sqlite:Path"] = Path.Combine(workFolder, "rampart.db"),

            // Three windows per key and per organisation, all checked on every request, with limits
            // high enough that the load measures their cost rather than their refusals.
            ["Rampart:RateLimits:Tiers:default:Windows:burst:Limit"] = "100000000",
            ["Rampart:RateLimits:Tiers:default:Windows:burst:Window"] = "00:00:10",
            ["Rampart:RateLimits:Tiers:default:Windows:minute:Limit"] = "600000000",
            ["Rampart:RateLimits:Tiers:default:Windows:minute:Window"] = "00:01:00",
            ["Rampart:RateLimits:Tiers:default:Windows:day:Limit"] = "2000000000",
            ["Rampart:RateLimits:Tiers:default:Windows:day:Window"] = "1.00:00:00",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:burst:Limit"] = "100000000",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:burst:Window"] = "00:00:10",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Limit"] = "600000000",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:minute:Window"] = "00:01:00",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:day:Limit"] = "2000000000",
            ["Rampart:RateLimits:OrganizationDefaults:Windows:day:Window"] = "1.00:00:00",
        });

        // For profiling: RAMPART_LOAD_SETTINGS="Rampart:Logging:Enabled=false;..." switches parts off to attribute their cost.
        if (Environment.GetEnvironmentVariable("RAMPART_LOAD_SETTINGS") is { Length: > 0 } overrides)
        {
            builder.Configuration.AddInMemoryCollection(overrides.Split(';').Select(pair => pair.Split('=', 2)).Select(kv => new KeyValuePair<string, string?>(kv[0], kv[1])));
        }

        builder.Services.AddRampart();
        if (redis is not null)
        {
            builder.Services.AddRampartRedisRateLimits(options => options.Configuration = redis);
        }
    }

    public void ConfigurePipeline(WebApplication app)
    {
        app.UseRampart();
        MeasuredFeatures.Verify(app);
    }

    public async Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var manager = services.GetRequiredService<IApiKeyManager>();
        var valid = new List<IssuedKey>();
        for (var i = 0; i < count; i++)
        {
            var organization = $"org{i % 10}";
            var created = await manager.CreateAsync(new ApiKeyCreateRequest
            {
                Name = $"key {i}",
                Owner = "load",
                Organization = organization,
                Scopes = ["orders:read"],
            });
            valid.Add(new IssuedKey(created.Key, organization));
        }

        var badChecksum = valid.Select(k => k with { Key = k.Key[..^1] + (k.Key[^1] == '0' ? '1' : '0') }).ToList();
        var unknown = valid.Select(k => k with { Key = ApiKeyGenerator.NewKey(Prefix, ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId()) }).ToList();
        return new IssuedKeys(valid, badChecksum, unknown);
    }
}
