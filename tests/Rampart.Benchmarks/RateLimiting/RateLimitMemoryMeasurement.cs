using System.Diagnostics;
using System.Globalization;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Benchmarks.RateLimiting;

/// <summary>
/// Measures the memory the in-memory limiter holds per active key: 1,000,000 keys with 3 windows each
/// (12-character key ids, as Rampart issues), spread over 1,000 organisations with 2 windows each.
/// Run: <c>dotnet run -c Release --project tests/Rampart.Benchmarks -- ratelimit-memory</c>.
/// </summary>
internal static class RateLimitMemoryMeasurement
{
    public static void Run(int keys = 1_000_000)
    {
        var keyPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("burst", RateLimitScope.Key, false, 50, 10),
            new RateLimitPolicy("minute", RateLimitScope.Key, false, 600, 60),
            new RateLimitPolicy("day", RateLimitScope.Key, false, 100_000, 86_400),
        ]);
        var organizationPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 1_000_000, 60),
            new RateLimitPolicy("org.day", RateLimitScope.Organization, false, 1_000_000_000, 86_400),
        ]);
        var organizations = Enumerable.Range(0, 1000).Select(i => $"org-{i}").ToArray();
        var time = TimeProvider.System;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var limiter = new InMemoryRateLimiter(time);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < keys; i++)
        {
            // The id string is created here, as the claim would create it, and kept by the limiter.
            var keyId = i.ToString("D12", CultureInfo.InvariantCulture);
            limiter.Acquire(new RateLimitSubject(keyId, organizations[i % organizations.Length], keyPolicies, organizationPolicies, 1), now);
        }

        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var held = after - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"keys={limiter.KeyPartitionCount:N0} organizations={limiter.OrganizationPartitionCount:N0} held={held / 1024.0 / 1024.0:F1} MiB bytes/key={held / (double)keys:F0} fill={watch.Elapsed.TotalMilliseconds:F0} ms"));

        var evicted = limiter.EvictIdle(now + TimeSpan.FromDays(2).Ticks / TimeSpan.TicksPerMillisecond);
        var afterEviction = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"evicted={evicted:N0} remaining={limiter.KeyPartitionCount} held after eviction={(afterEviction - before) / 1024.0 / 1024.0:F1} MiB"));
        GC.KeepAlive(limiter);
    }
}
