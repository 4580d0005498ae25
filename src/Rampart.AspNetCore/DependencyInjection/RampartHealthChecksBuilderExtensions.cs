using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.HealthChecks;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Rampart's health checks, one per dependency.</summary>
public static class RampartHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the checks named in <see cref="RampartHealthChecks"/>: the key store, the audit store, the audit
    /// queue and the rate limiter (the Redis circuit when <c>AddRampartRedisRateLimits</c> is used), tagged
    /// for readiness, and one liveness check that consults no dependency. Needs <c>AddRampart</c>.
    /// </summary>
    public static IHealthChecksBuilder AddRampartHealthChecks(this IHealthChecksBuilder builder, Action<RampartHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new RampartHealthCheckOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        if (options.AuditQueueDegradedRatio is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.AuditQueueDegradedRatio, "AuditQueueDegradedRatio must be greater than 0 and at most 1.");
        }

        string[] ready = [RampartHealthChecks.Tag, .. options.ReadinessTags];
        string[] live = [RampartHealthChecks.Tag, .. options.LivenessTags];
        var ratio = options.AuditQueueDegradedRatio;
        Add(builder, RampartHealthChecks.KeyStore, ready, options.Timeout, static sp => new ApiKeyStoreHealthCheck(sp.GetRequiredService<IApiKeyStore>()));
        Add(builder, RampartHealthChecks.AuditStore, ready, options.Timeout, static sp => new AuditStoreHealthCheck(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>()));
        Add(builder, RampartHealthChecks.AuditQueue, ready, options.Timeout, sp => new AuditQueueHealthCheck(sp.GetRequiredService<AuditRecordQueue>(), ratio));
        Add(builder, RampartHealthChecks.RateLimiter, ready, options.Timeout, static sp => new RateLimiterHealthCheck(sp.GetRequiredService<IRampartRateLimiter>()));
        Add(builder, RampartHealthChecks.Process, live, options.Timeout, static sp => new ProcessHealthCheck(sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>()));
        return builder;
    }

    private static IServiceProvider RequireRampart(IServiceProvider services)
        => services.GetService<Rampart.AspNetCore.DependencyInjection.RampartMarkerService>() is null
            ? throw new InvalidOperationException("AddRampartHealthChecks checks Rampart's services: call services.AddRampart() as well.")
            : services;

    private static void Add(IHealthChecksBuilder builder, string name, string[] tags, TimeSpan timeout, Func<IServiceProvider, IHealthCheck> factory)
    {
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            // A second call replaces nothing and adds nothing.
            if (!options.Registrations.Any(r => r.Name == name))
            {
                options.Registrations.Add(new HealthCheckRegistration(name, sp => factory(RequireRampart(sp)), HealthStatus.Unhealthy, tags, timeout));
            }
        });
    }
}
