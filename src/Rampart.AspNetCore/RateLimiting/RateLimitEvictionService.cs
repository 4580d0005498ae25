using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Keeps in-memory counters bounded by dropping those whose windows have all ended.</summary>
internal sealed class RateLimitEvictionService(InMemoryRateLimiter limiter, FailedKeyThrottle failedKeys, TimeProvider time, IOptionsMonitor<RampartOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.RateLimits.EvictionInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            limiter.EvictIdle(now);
            failedKeys.EvictIdle(now);
            timer.Period = options.CurrentValue.RateLimits.EvictionInterval;
        }
    }
}
