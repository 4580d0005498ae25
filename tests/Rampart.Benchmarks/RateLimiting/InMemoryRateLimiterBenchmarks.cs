using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Benchmarks.RateLimiting;

/// <summary>
/// Per-request cost of Rampart's check of 3 windows for the key and 3 for its organisation, next to
/// one <see cref="FixedWindowRateLimiter"/> acquire and to the equivalent chain of six partitioned
/// System.Threading.RateLimiting limiters. Limits are high so every request is admitted (the common path).
/// </summary>
[MemoryDiagnoser]
public class InMemoryRateLimiterBenchmarks
{
    private const long High = 1_000_000_000_000;
    private FixedWindowRateLimiter _single = null!;
    private PartitionedRateLimiter<string> _chained = null!;
    private InMemoryRateLimiter _rampart = null!;
    private RateLimitSubject _subject;
    private RateLimitSubject[] _manyKeys = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _single = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = TimeSpan.FromSeconds(10), QueueLimit = 0, AutoReplenishment = false });

        PartitionedRateLimiter<string> Window(TimeSpan window, Func<string, string> partition)
            => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(partition(key), _ => new FixedWindowRateLimiterOptions { PermitLimit = int.MaxValue, Window = window, QueueLimit = 0 }));
        _chained = PartitionedRateLimiter.CreateChained(
            Window(TimeSpan.FromSeconds(10), k => k), Window(TimeSpan.FromMinutes(1), k => k), Window(TimeSpan.FromDays(1), k => k),
            Window(TimeSpan.FromSeconds(10), _ => "org"), Window(TimeSpan.FromMinutes(1), _ => "org"), Window(TimeSpan.FromDays(1), _ => "org"));

        var keyPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("burst", RateLimitScope.Key, false, High, 10),
            new RateLimitPolicy("minute", RateLimitScope.Key, false, High, 60),
            new RateLimitPolicy("day", RateLimitScope.Key, false, High, 86_400),
        ]);
        var organizationPolicies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("org.burst", RateLimitScope.Organization, false, High, 10),
            new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, High, 60),
            new RateLimitPolicy("org.day", RateLimitScope.Organization, false, High, 86_400),
        ]);
        _rampart = new InMemoryRateLimiter(TimeProvider.System);
        _subject = new RateLimitSubject("k3yIdAbCdEf1", "org-1", keyPolicies, organizationPolicies, 1);
        _manyKeys = Enumerable.Range(0, 100_000).Select(i => new RateLimitSubject($"key{i:D9}", $"org-{i % 1000}", keyPolicies, organizationPolicies, 1)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "FixedWindowRateLimiter, 1 window")]
    public bool SingleFixedWindow()
    {
        using var lease = _single.AttemptAcquire();
        return lease.IsAcquired;
    }

    [Benchmark(Description = "Chained PartitionedRateLimiter, 3 key + 3 org windows")]
    public bool ChainedPartitioned()
    {
        using var lease = _chained.AttemptAcquire("k3yIdAbCdEf1");
        return lease.IsAcquired;
    }

    [Benchmark(Description = "Rampart in-memory, 3 key + 3 org windows, one key")]
    public bool RampartOneKey() => _rampart.AcquireAsync(_subject, default).Result.IsAdmitted;

    [Benchmark(Description = "Rampart in-memory, 3 key + 3 org windows, 100k keys / 1k orgs")]
    public bool RampartManyKeys()
    {
        var subject = _manyKeys[_next++ % _manyKeys.Length];
        return _rampart.AcquireAsync(subject, default).Result.IsAdmitted;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _single.Dispose();
        _chained.Dispose();
    }
}
