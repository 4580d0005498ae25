using Microsoft.Extensions.DependencyInjection.Extensions;
using Rampart.AspNetCore.RateLimiting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Replaces the limiter that counts Rampart's rate limits and quotas.</summary>
public static class RampartRateLimiterServiceCollectionExtensions
{
    /// <summary>
    /// Makes <typeparamref name="TLimiter"/> (a singleton) the limiter behind Rampart's rate limits and
    /// quotas, in place of the in-memory one. Call it before or after <c>AddRampart</c>; the last call wins.
    /// </summary>
    public static IServiceCollection AddRampartRateLimiter<TLimiter>(this IServiceCollection services)
        where TLimiter : class, IRampartRateLimiter
    {
        ArgumentNullException.ThrowIfNull(services);

        // Registered by type, not by a factory, so the registration says which limiter it is
        // (tests that swap a package's services out can find it); the concrete type resolves to
        // the same instance.
        services.Replace(ServiceDescriptor.Singleton<IRampartRateLimiter, TLimiter>());
        services.TryAddSingleton(static sp => (TLimiter)sp.GetRequiredService<IRampartRateLimiter>());
        return services;
    }

    /// <summary>Makes the limiter <paramref name="factory"/> creates (once) the limiter behind Rampart's rate limits and quotas.</summary>
    public static IServiceCollection AddRampartRateLimiter(this IServiceCollection services, Func<IServiceProvider, IRampartRateLimiter> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);

        // AddRampart registers the in-memory limiter with TryAdd, so replacing works in either order.
        services.Replace(ServiceDescriptor.Singleton(factory));
        return services;
    }
}
