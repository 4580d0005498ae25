using System.Runtime.CompilerServices;
using Rampart.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The scripts' keys and arguments for a subject, built once and reused where they repeat. The
/// arguments (cost, window counts, then name, limit and window of each policy) depend only on the
/// pair of policy sets and the cost, and policy sets are built once per configuration snapshot, so
/// for the usual cost of 1 they are kept beside the sets (and go when a reload replaces them). The
/// key names of a Rampart key's hashes are kept beside the key id string of its cached record, so
/// they too live only as long as that record. Redis only reads what it is given; nothing is mutated.
/// </summary>
internal sealed class RedisScriptArguments(string keyPrefix)
{
    private readonly ConditionalWeakTable<RateLimitPolicySet, ArgumentsOf> _arguments = new();
    private readonly ConditionalWeakTable<string, KeyNames> _keys = new();
    private readonly ConditionalWeakTable<RateLimitPolicySet, RedisValue[]> _blocks = new();

    // The configured prefix, then the stored layout's version: hashes of another layout are never read.
    private readonly string _prefix = keyPrefix + RedisRateLimitScript.LayoutVersion;

    public RedisKey[] Keys(RateLimitSubject subject)
    {
        // One hash tag for both hashes, so the script's keys share a Redis Cluster slot.
        if (subject.Organization is not { } organization)
        {
            // Principal and address subjects are named afresh per request; nothing to keep.
            return [$"{_prefix}{{k:{subject.Partition}}}"];
        }

        if (_keys.TryGetValue(subject.Partition, out var known) && string.Equals(known.Organization, organization, StringComparison.Ordinal))
        {
            return known.Keys;
        }

        RedisKey[] keys = [$"{_prefix}{{o:{organization}}}:k:{subject.Partition}", $"{_prefix}{{o:{organization}}}:o"];
        _keys.AddOrUpdate(subject.Partition, new KeyNames(organization, keys));
        return keys;
    }

    public RedisValue[] Values(RateLimitSubject subject)
    {
        var organization = subject.Organization is not null ? subject.OrganizationPolicies : null;
        if (subject.Cost != 1)
        {
            return Build(subject.Cost, subject.Policies, organization);
        }

        var of = _arguments.GetValue(subject.Policies, static set => new ArgumentsOf(set));
        if (organization is null)
        {
            return of.Alone;
        }

        // Looked up first: passing the method group would make a delegate per request.
        return of.WithOrganization.TryGetValue(organization, out var values) ? values : of.WithOrganization.GetValue(organization, of.Build);
    }

    /// <summary>
    /// A policy set as <see cref="RedisRateLimitScript"/> reads it: its count n, the n field names (the policies'
    /// names), then the n pairs of limit and window seconds. Built once per set.
    /// </summary>
    public RedisValue[] PolicyBlock(RateLimitPolicySet policies)
        => _blocks.TryGetValue(policies, out var block) ? block : _blocks.GetValue(policies, static set => BuildBlock(set));

    private static RedisValue[] BuildBlock(RateLimitPolicySet set)
    {
        var n = set.Count;
        var block = new RedisValue[1 + (3 * n)];
        block[0] = n;
        for (var i = 0; i < n; i++)
        {
            var policy = set.Policies[i];
            block[1 + i] = policy.Name;
            block[1 + n + (2 * i)] = policy.Limit;
            block[2 + n + (2 * i)] = policy.WindowSeconds;
        }

        return block;
    }

    private static RedisValue[] Build(long cost, RateLimitPolicySet keyPolicies, RateLimitPolicySet? organization)
    {
        var keyCount = keyPolicies.Count;
        var organizationCount = organization?.Count ?? 0;
        var values = new RedisValue[3 + (3 * (keyCount + organizationCount))];
        values[0] = cost;
        values[1] = keyCount;
        values[2] = organizationCount;
        var index = 3;
        foreach (var policy in keyPolicies.Policies.Concat(organization?.Policies ?? []))
        {
            values[index] = policy.Name;
            values[index + 1] = policy.Limit;
            values[index + 2] = policy.WindowSeconds;
            index += 3;
        }

        return values;
    }

    private sealed class ArgumentsOf(RateLimitPolicySet keyPolicies)
    {
        public RedisValue[] Alone { get; } = RedisScriptArguments.Build(1, keyPolicies, null);

        public ConditionalWeakTable<RateLimitPolicySet, RedisValue[]> WithOrganization { get; } = new();

        public RedisValue[] Build(RateLimitPolicySet organization) => RedisScriptArguments.Build(1, keyPolicies, organization);
    }

    private sealed record KeyNames(string Organization, RedisKey[] Keys);
}
