using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.AspNetCore.HealthChecks;

/// <summary>
/// Asks the rate limiter when it implements <see cref="IHealthCheck"/> (the Redis limiter does: its
/// circuit and a PING); a limiter without a backing service, such as the in-memory one, is healthy.
/// </summary>
internal sealed class RateLimiterHealthCheck(IRampartRateLimiter limiter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => limiter is IHealthCheck own
            ? own.CheckHealthAsync(context, cancellationToken)
            : Task.FromResult(HealthCheckResult.Healthy(StoreDescription.Of(limiter)));
}
