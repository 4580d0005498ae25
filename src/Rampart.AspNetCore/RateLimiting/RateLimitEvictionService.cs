using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Keeps in-memory counters bounded by dropping those whose windows have all ended.</summary>
internal sealed class RateLimitEvictionService(InMemoryRateLimiter limiter, TimeProvider time, IOptionsMonitor<RampartOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.RateLimits.EvictionInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            limiter.EvictIdle(time.GetUtcNow().ToUnixTimeMilliseconds());
            timer.Period = options.CurrentValue.RateLimits.EvictionInterval;
        }
    }
}
