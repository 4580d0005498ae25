using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Counts failed keys per client network and says, before a key is parsed or looked up, whether
/// the network is over its limit. Failures are counted after the verdict; the check counts nothing,
/// so valid keys never use the budget.
/// </summary>
/// <remarks>
/// In memory on each instance: the point is to keep made-up keys from reaching the store, which
/// a local answer does without a round trip. The table is bounded; a network that finds it full
/// is not tracked and the drop is counted (<c>rampart.rate_limit.untracked</c>).
/// </remarks>
internal sealed class FailedKeyThrottle
{
    public const int MaxNetworks = 100_000;

    private readonly ConcurrentDictionary<ClientNetwork, InMemoryRateLimiter.Partition> _networks = new();
    private readonly RateLimitPolicyResolver _policies;
    private readonly RateLimitMetrics _metrics;
    private readonly TimeProvider _time;

    // ConcurrentDictionary.Count takes every lock: the bound is kept on a counter of our own,
    // exact after each eviction pass.
    private int _tracked;

    public FailedKeyThrottle(RateLimitPolicyResolver policies, RateLimitMetrics metrics, TimeProvider time)
    {
        _policies = policies;
        _metrics = metrics;
        _time = time;
    }

    public int NetworkCount => Volatile.Read(ref _tracked);

    /// <summary>Whether one more failure from the request's network would be over the limit.</summary>
    public RateLimitDecision Check(HttpContext context)
    {
        var policies = _policies.FailedKeys;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var builder = new RateLimitDecisionBuilder(now, cost: 1);
        if (!_networks.TryGetValue(ClientNetwork.Of(context.Connection.RemoteIpAddress), out var partition))
        {
            return builder.Build();
        }

        lock (partition)
        {
            partition.Adopt(policies);
            partition.Check(ref builder, now);
        }

        return builder.Build();
    }

    public void RecordFailure(HttpContext context)
    {
        if (!_policies.Enabled)
        {
            return;
        }

        var policies = _policies.FailedKeys;
        var network = ClientNetwork.Of(context.Connection.RemoteIpAddress);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            if (!_networks.TryGetValue(network, out var partition))
            {
                if (Volatile.Read(ref _tracked) >= MaxNetworks)
                {
                    _metrics.Untracked("failed_keys");
                    return;
                }

                var added = new InMemoryRateLimiter.Partition(policies);
                if (_networks.TryAdd(network, added))
                {
                    Interlocked.Increment(ref _tracked);
                }

                continue;
            }

            lock (partition)
            {
                if (partition.Evicted)
                {
                    continue;
                }

                partition.Adopt(policies);
                partition.Commit(1, now);
                return;
            }
        }
    }

    /// <summary>Drops networks whose every window has ended.</summary>
    public int EvictIdle(long nowMs)
    {
        var evicted = InMemoryRateLimiter.Evict(_networks, nowMs);
        Volatile.Write(ref _tracked, _networks.Count);
        return evicted;
    }
}
