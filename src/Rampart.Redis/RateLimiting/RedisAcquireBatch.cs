using Rampart.AspNetCore.RateLimiting;
using StackExchange.Redis;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The keys and arguments of one call of <see cref="RedisRateLimitScript"/> for a batch of requests, in
/// their order: each distinct hash and policy set once, then five numbers per request naming them.
/// </summary>
internal static class RedisAcquireBatch
{
    /// <summary>Values per request after the policy sets: cost, key hash, key set, organisation hash, organisation set.</summary>
    private const int PerRequest = 5;

    public static (RedisKey[] Keys, RedisValue[] Values) Build(IReadOnlyList<RedisPendingAcquire> batch, RedisScriptArguments arguments)
        => Build(new SubjectsOf(batch), arguments);

    public static (RedisKey[] Keys, RedisValue[] Values) Build<TSubjects>(TSubjects subjects, RedisScriptArguments arguments)
        where TSubjects : IReadOnlyList<RateLimitSubject>
    {
        var hashes = new Dictionary<RedisKey, int>(subjects.Count * 2);
        var sets = new List<RedisValue[]>(2);
        var references = new int[subjects.Count * (PerRequest - 1)];
        var setValues = 0;
        for (var r = 0; r < subjects.Count; r++)
        {
            var subject = subjects[r];
            var names = arguments.Keys(subject);
            references[(4 * r) + 0] = IndexOf(hashes, names[0]);
            references[(4 * r) + 1] = IndexOf(sets, arguments.PolicyBlock(subject.Policies), ref setValues);
            if (names.Length > 1 && subject.OrganizationPolicies is { } organization)
            {
                references[(4 * r) + 2] = IndexOf(hashes, names[1]);
                references[(4 * r) + 3] = IndexOf(sets, arguments.PolicyBlock(organization), ref setValues);
            }
        }

        var keys = new RedisKey[hashes.Count];
        foreach (var (key, index) in hashes)
        {
            keys[index - 1] = key;
        }

        var values = new RedisValue[2 + setValues + (PerRequest * subjects.Count)];
        values[0] = subjects.Count;
        values[1] = sets.Count;
        var at = 2;
        foreach (var block in sets)
        {
            block.CopyTo(values, at);
            at += block.Length;
        }

        for (var r = 0; r < subjects.Count; r++)
        {
            values[at++] = subjects[r].Cost;
            for (var j = 0; j < PerRequest - 1; j++)
            {
                values[at++] = references[(4 * r) + j];
            }
        }

        return (keys, values);
    }

    /// <summary>How many counts the script returns for <paramref name="subject"/> after its admitted flag.</summary>
    public static int CountsOf(RateLimitSubject subject)
        => subject.Policies.Count + (subject.Organization is not null && subject.OrganizationPolicies is { } organization ? organization.Count : 0);

    private static int IndexOf(Dictionary<RedisKey, int> hashes, RedisKey key)
    {
        if (!hashes.TryGetValue(key, out var index))
        {
            index = hashes.Count + 1;
            hashes.Add(key, index);
        }

        return index;
    }

    private static int IndexOf(List<RedisValue[]> sets, RedisValue[] block, ref int setValues)
    {
        // Blocks are built once per policy set, so the same set is the same array.
        for (var i = 0; i < sets.Count; i++)
        {
            if (ReferenceEquals(sets[i], block))
            {
                return i + 1;
            }
        }

        sets.Add(block);
        setValues += block.Length;
        return sets.Count;
    }

    /// <summary>The subjects of a batch, read in place: no list is copied per call.</summary>
    private readonly struct SubjectsOf(IReadOnlyList<RedisPendingAcquire> batch) : IReadOnlyList<RateLimitSubject>
    {
        public int Count => batch.Count;

        public RateLimitSubject this[int index] => batch[index].Subject;

        public IEnumerator<RateLimitSubject> GetEnumerator() => batch.Select(static p => p.Subject).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
