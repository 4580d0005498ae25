using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Registers the rate limiter; called once by <c>AddRampart</c>.</summary>
internal static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddRampartRateLimiting(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, RateLimitOptionsValidator>());
        services.TryAddSingleton<RateLimitPolicyResolver>();
        services.TryAddSingleton<RateLimitMetrics>();
        services.TryAddSingleton<InMemoryRateLimiter>();
        services.TryAddSingleton<FailedKeyThrottle>();

        // AddRampartRateLimiter (Rampart.Redis, or an app's own limiter) replaces this registration.
        services.TryAddSingleton<IRampartRateLimiter>(static sp => sp.GetRequiredService<InMemoryRateLimiter>());
        services.AddHostedService<RateLimitEvictionService>();
        return services;
    }
}
