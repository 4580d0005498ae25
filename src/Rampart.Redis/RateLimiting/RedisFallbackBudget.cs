using System.Collections.Concurrent;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// What this instance may admit while Redis does not answer, per policy and window: the smaller of its
/// share of the limit (<c>limit / InstanceCount</c>, rounded down) and the remaining count Redis last
/// reported to this instance for that window, less what this instance admitted without Redis since.
/// </summary>
/// <remarks>
/// An in-memory limiter that starts from zero grants each instance a whole new budget at every slow
/// call; this one never grants more than Redis had left, so a stall after the budget was used admits
/// nothing, and in a window Redis never answered the instances together admit at most the limit.
/// Entries are dropped once all their windows have ended (<see cref="EvictEnded"/>), losing nothing.
/// </remarks>
internal sealed class RedisFallbackBudget
{
    // Keys and organisations apart, so that finding a ledger needs no per-request name.
    private readonly ConcurrentDictionary<string, Ledger> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Ledger> _organizations = new(StringComparer.Ordinal);
    private readonly int _instances;
    private long _redisClockOffsetMs;

    public RedisFallbackBudget(int instanceCount) => _instances = Math.Max(1, instanceCount);

    public int Count => _keys.Count + _organizations.Count;

    /// <summary>
    /// Remembers what Redis answered at <paramref name="redisNowMs"/> (its clock; <paramref name="nowMs"/> is this
    /// instance's): the count before the request of each key policy, then of each organisation policy.
    /// </summary>
    public void Observe(RateLimitSubject subject, long redisNowMs, ReadOnlySpan<long> counts, bool admitted, long nowMs)
    {
        // Windows are Redis's (the script reads its clock): without it, this instance keeps to Redis's time.
        Volatile.Write(ref _redisClockOffsetMs, redisNowMs - nowMs);
        var index = Observe(KeyLedger(subject), subject.Policies, redisNowMs, counts, 0, admitted ? subject.Cost : 0);
        if (OrganizationLedger(subject) is { } organization)
        {
            Observe(organization, subject.OrganizationPolicies!, redisNowMs, counts, index, admitted ? subject.Cost : 0);
        }
    }

    /// <summary>Decides without Redis, and counts an admission against every policy, or none.</summary>
    public RateLimitDecision Acquire(RateLimitSubject subject, long nowMs)
    {
        nowMs += Volatile.Read(ref _redisClockOffsetMs);
        var key = KeyLedger(subject);
        var organization = OrganizationLedger(subject);

        // Key then organisation, always in that order, as the in-memory limiter does.
        lock (key)
        {
            if (organization is null)
            {
                return Decide(subject, key, null, nowMs);
            }

            lock (organization)
            {
                return Decide(subject, key, organization, nowMs);
            }
        }
    }

    /// <summary>Drops ledgers whose every window has ended; what they held is of no use any more.</summary>
    public int EvictEnded(long nowMs)
    {
        nowMs += Volatile.Read(ref _redisClockOffsetMs);
        return EvictEnded(_keys, nowMs) + EvictEnded(_organizations, nowMs);
    }

    private static int EvictEnded(ConcurrentDictionary<string, Ledger> ledgers, long nowMs)
    {
        var evicted = 0;
        foreach (var (name, ledger) in ledgers)
        {
            lock (ledger)
            {
                if (ledger.Windows.All(w => w.EndMs <= nowMs) && ledgers.TryRemove(name, out _))
                {
                    evicted++;
                }
            }
        }

        return evicted;
    }

    private RateLimitDecision Decide(RateLimitSubject subject, Ledger key, Ledger? organization, long nowMs)
    {
        var builder = new RateLimitDecisionBuilder(nowMs, subject.Cost);
        Check(ref builder, key, subject.Policies, nowMs);
        if (organization is not null)
        {
            Check(ref builder, organization, subject.OrganizationPolicies!, nowMs);
        }

        if (!builder.Rejected)
        {
            Consume(key, subject.Cost);
            if (organization is not null)
            {
                Consume(organization, subject.Cost);
            }
        }

        return builder.Build();
    }

    private void Check(ref RateLimitDecisionBuilder builder, Ledger ledger, RateLimitPolicySet policies, long nowMs)
    {
        ledger.Fit(policies.Count);
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies.Policies[i];
            var (_, endMs) = policy.GetWindow(nowMs);
            ref var window = ref ledger.Windows[i];
            if (window.EndMs != endMs)
            {
                // A window Redis said nothing of to this instance: its share, nothing of it used yet.
                window = new Window(endMs, Share(policy), 0);
            }

            var budget = Math.Max(0, Math.Min(window.Remaining, Share(policy) - window.UsedWithoutRedis));

            // The builder compares count + cost with the limit: a count of limit - budget admits exactly the budget.
            builder.Observe(policy, policy.Limit - budget, endMs);
        }
    }

    private static void Consume(Ledger ledger, long cost)
    {
        for (var i = 0; i < ledger.Windows.Length; i++)
        {
            ref var window = ref ledger.Windows[i];
            window = window with { Remaining = window.Remaining - cost, UsedWithoutRedis = window.UsedWithoutRedis + cost };
        }
    }

    private static int Observe(Ledger ledger, RateLimitPolicySet policies, long redisNowMs, ReadOnlySpan<long> counts, int index, long counted)
    {
        lock (ledger)
        {
            ledger.Fit(policies.Count);
            for (var i = 0; i < policies.Count; i++, index++)
            {
                var policy = policies.Policies[i];
                var (count, endMs) = (counts[index], policy.GetWindow(redisNowMs).EndMs);
                ref var window = ref ledger.Windows[i];
                var used = window.EndMs == endMs ? window.UsedWithoutRedis : 0;
                window = new Window(endMs, Math.Max(0, policy.Limit - count - counted), used);
            }
        }

        return index;
    }

    private long Share(RateLimitPolicy policy) => policy.Limit / _instances;

    private Ledger KeyLedger(RateLimitSubject subject)
        => _keys.GetOrAdd(subject.Partition, static (_, count) => new Ledger(count), subject.Policies.Count);

    private Ledger? OrganizationLedger(RateLimitSubject subject)
        => subject.Organization is { } organization && subject.OrganizationPolicies is { } policies
            ? _organizations.GetOrAdd(organization, static (_, count) => new Ledger(count), policies.Count)
            : null;

    /// <param name="EndMs">When the window ends (it names the window).</param>
    /// <param name="Remaining">What Redis last reported left, less what was admitted without it since.</param>
    /// <param name="UsedWithoutRedis">What this instance admitted in this window without Redis.</param>
    private record struct Window(long EndMs, long Remaining, long UsedWithoutRedis);

    private sealed class Ledger(int policies)
    {
        public Window[] Windows = new Window[policies];

        // A key whose tier changed has another number of policies: its windows start again.
        public void Fit(int policies)
        {
            if (Windows.Length != policies)
            {
                Windows = new Window[policies];
            }
        }
    }
}
