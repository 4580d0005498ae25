using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.RateLimiting;
using Rampart.Redis.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis-backed rate limiter.</summary>
public static class RedisRateLimitServiceCollectionExtensions
{
    /// <summary>
    /// Enforces Rampart rate limits and quotas through Redis, so every instance of the app shares them.
    /// Configured from <c>Rampart:RateLimits:Redis</c> and then by <paramref name="configure"/>.
    /// Call it with <c>AddRampart</c>, before or after.
    /// </summary>
    public static IServiceCollection AddRampartRedisRateLimits(this IServiceCollection services, Action<RedisRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<RedisRateLimitOptions>().BindConfiguration(RedisRateLimitOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisRateLimitOptions>, RedisRateLimitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryRateLimiter>();
        return services.AddRampartRateLimiter<RedisRateLimiter>();
    }
}
