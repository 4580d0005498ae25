using System.Collections.Concurrent;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// The single-instance limiter: one small counter block per active key and per active organisation.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's chained limiters acquire from each limiter in turn, so a request
/// refused by the last one has already consumed from the first ones. Here a request takes the key's
/// lock and then the organisation's (always in that order, so no deadlock), checks every window, and
/// commits to all of them or none. Counters whose windows have all ended are evicted by
/// <see cref="EvictIdle"/>, which loses nothing: an ended window counts zero.
/// </remarks>
internal sealed class InMemoryRateLimiter : IRampartRateLimiter
{
    private readonly ConcurrentDictionary<string, Partition> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Partition> _organizations = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryRateLimiter(TimeProvider time) => _time = time;

    public int KeyPartitionCount => _keys.Count;

    public int OrganizationPartitionCount => _organizations.Count;

    public ValueTask<RateLimitDecision> AcquireAsync(RateLimitSubject subject, CancellationToken cancellationToken)
        => new(Acquire(subject, _time.GetUtcNow().ToUnixTimeMilliseconds()));

    public RateLimitDecision Acquire(RateLimitSubject subject, long nowMs)
    {
        while (true)
        {
            var key = _keys.GetOrAdd(subject.Partition, static (_, policies) => new Partition(policies), subject.Policies);
            var organization = subject.OrganizationPolicies is null || subject.Organization is null
                ? null
                : _organizations.GetOrAdd(subject.Organization, static (_, policies) => new Partition(policies), subject.OrganizationPolicies);

            lock (key)
            {
                if (key.Evicted)
                {
                    continue;
                }

                if (organization is null)
                {
                    return Decide(key, subject.Policies, null, null, subject.Cost, nowMs);
                }

                lock (organization)
                {
                    if (organization.Evicted)
                    {
                        continue;
                    }

                    return Decide(key, subject.Policies, organization, subject.OrganizationPolicies, subject.Cost, nowMs);
                }
            }
        }
    }

    public ValueTask<IReadOnlyList<RateLimitWindowState>?> PeekAsync(RateLimitSubject subject, CancellationToken cancellationToken)
        => new(Peek(subject, _time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Reads every window of the subject and its organisation; creates no counter and changes none.</summary>
    public IReadOnlyList<RateLimitWindowState> Peek(RateLimitSubject subject, long nowMs)
    {
        var states = new List<RateLimitWindowState>(subject.Policies.Count + (subject.OrganizationPolicies?.Count ?? 0));
        Peek(_keys, subject.Partition, subject.Policies, states, nowMs);
        if (subject.Organization is not null && subject.OrganizationPolicies is not null)
        {
            Peek(_organizations, subject.Organization, subject.OrganizationPolicies, states, nowMs);
        }

        return states;
    }

    private static void Peek(ConcurrentDictionary<string, Partition> partitions, string name, RateLimitPolicySet policies, List<RateLimitWindowState> states, long nowMs)
    {
        // A partition that was never made, or was evicted, has only ended windows: each counts zero.
        if (!partitions.TryGetValue(name, out var partition))
        {
            foreach (var policy in policies.Policies)
            {
                states.Add(RateLimitWindowState.FromCount(policy, 0, policy.GetWindow(nowMs).EndMs));
            }

            return;
        }

        lock (partition)
        {
            partition.Peek(policies, states, nowMs);
        }
    }

    /// <summary>Drops counters whose every window has ended. Returns how many were dropped.</summary>
    public int EvictIdle(long nowMs) => Evict(_keys, nowMs) + Evict(_organizations, nowMs);

    internal static int Evict<TKey>(ConcurrentDictionary<TKey, Partition> partitions, long nowMs)
        where TKey : notnull
    {
        var evicted = 0;
        foreach (var entry in partitions)
        {
            var partition = entry.Value;
            if (Volatile.Read(ref partition.ExpiresAtMs) > nowMs)
            {
                continue;
            }

            lock (partition)
            {
                if (partition.ExpiresAtMs > nowMs)
                {
                    continue;
                }

                // A request that already holds this partition sees Evicted and starts again.
                partition.Evicted = true;
                partitions.TryRemove(entry);
                evicted++;
            }
        }

        return evicted;
    }

    private static RateLimitDecision Decide(Partition key, RateLimitPolicySet keyPolicies, Partition? organization, RateLimitPolicySet? organizationPolicies, long cost, long nowMs)
    {
        key.Adopt(keyPolicies);
        organization?.Adopt(organizationPolicies!);

        var builder = new RateLimitDecisionBuilder(nowMs, cost);
        key.Check(ref builder, nowMs);
        organization?.Check(ref builder, nowMs);
        if (!builder.Rejected)
        {
            key.Commit(cost, nowMs);
            organization?.Commit(cost, nowMs);
        }

        return builder.Build();
    }

    /// <summary>The counters of one key or organisation: per policy, the current window's id and count.</summary>
    internal sealed class Partition
    {
        private RateLimitPolicySet _policies;

        // [windowEnd0, count0, windowEnd1, count1, ...] in Unix ms: one array keeps a partition at three
        // objects. A window that ends in the future is the current one (if the clock steps back, the
        // stored window keeps counting until it ends: conservative, never more than the limit).
        private long[] _state;

        public long ExpiresAtMs;
        public bool Evicted;

        public Partition(RateLimitPolicySet policies)
        {
            _policies = policies;
            _state = NewState(policies.Count);
        }

        /// <summary>After a configuration change, keeps the counts of windows whose name and length did not change.</summary>
        public void Adopt(RateLimitPolicySet policies)
        {
            if (ReferenceEquals(policies, _policies))
            {
                return;
            }

            var state = NewState(policies.Count);
            for (var i = 0; i < policies.Count; i++)
            {
                var policy = policies.Policies[i];
                for (var j = 0; j < _policies.Count; j++)
                {
                    var old = _policies.Policies[j];
                    if (old.Name == policy.Name && old.WindowSeconds == policy.WindowSeconds)
                    {
                        state[2 * i] = _state[2 * j];
                        state[(2 * i) + 1] = _state[(2 * j) + 1];
                    }
                }
            }

            _policies = policies;
            _state = state;
        }

        public void Check(ref RateLimitDecisionBuilder builder, long nowMs)
        {
            var policies = _policies.Policies;
            for (var i = 0; i < policies.Length; i++)
            {
                // A stored window that has not ended is the current one: no division on the common path.
                var endMs = _state[2 * i];
                var count = _state[(2 * i) + 1];
                if (nowMs >= endMs)
                {
                    endMs = policies[i].GetWindow(nowMs).EndMs;
                    count = 0;
                }

                builder.Observe(policies[i], count, endMs);
            }
        }

        /// <summary>The current window of each of <paramref name="policies"/>, matched to the stored ones by name and length as <see cref="Adopt"/> does.</summary>
        public void Peek(RateLimitPolicySet policies, List<RateLimitWindowState> states, long nowMs)
        {
            foreach (var policy in policies.Policies)
            {
                var (count, endMs) = (0L, policy.GetWindow(nowMs).EndMs);
                for (var j = 0; j < _policies.Count; j++)
                {
                    var stored = _policies.Policies[j];
                    if (stored.Name == policy.Name && stored.WindowSeconds == policy.WindowSeconds && nowMs < _state[2 * j])
                    {
                        (count, endMs) = (_state[(2 * j) + 1], _state[2 * j]);
                    }
                }

                states.Add(RateLimitWindowState.FromCount(policy, count, endMs));
            }
        }

        public void Commit(long cost, long nowMs)
        {
            var policies = _policies.Policies;
            var expires = ExpiresAtMs;
            for (var i = 0; i < policies.Length; i++)
            {
                if (nowMs >= _state[2 * i])
                {
                    _state[2 * i] = policies[i].GetWindow(nowMs).EndMs;
                    _state[(2 * i) + 1] = 0;
                }

                _state[(2 * i) + 1] += cost;
                expires = Math.Max(expires, _state[2 * i]);
            }

            Volatile.Write(ref ExpiresAtMs, expires);
        }

        private static long[] NewState(int count) => new long[count * 2];
    }
}
