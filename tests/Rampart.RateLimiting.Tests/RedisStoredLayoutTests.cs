using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;
using Rampart.Redis.RateLimiting;
using StackExchange.Redis;

using static Rampart.RateLimiting.Tests.Infrastructure.RedisLimiterSetup;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// The Redis limiter's stored layout (a field per policy holding <c>window:count</c>, under a versioned key
/// prefix) as read by a real redis-server: counts of another window or layout are not counted, and a batch of
/// many requests decides exactly as the same requests one call each.
/// </summary>
[Collection(RedisFaultCollection.Name)]
public sealed class RedisStoredLayoutTests
{
    [Fact]
    public async Task Counts_stored_by_the_earlier_layout_are_not_read_the_versioned_prefix_starts_fresh()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();
        var organization = $"org-{Guid.NewGuid():N}";
        var windowId = await BurstWindowAsync(database);

        // The earlier layout's hashes (no version, a window field and a count field per policy), full.
        await database.HashSetAsync($"rampart:rl:{{o:{organization}}}:k:key000000001", [new("w:burst", windowId), new("c:burst", 15)]);
        await database.HashSetAsync($"rampart:rl:{{o:{organization}}}:o", [new("w:org.minute", windowId), new("c:org.minute", 20)]);

        var decision = await limiter.AcquireAsync(Subject("key000000001", organization, cost: 1), default);

        Assert.True(decision.IsAdmitted);
        Assert.Equal((windowId, 1L), await StoredWindows.ReadAsync(database, StoredWindows.KeyHash(organization, "key000000001"), "burst"));
        Assert.Equal((windowId, 1L), await StoredWindows.ReadAsync(database, StoredWindows.OrganizationHash(organization), "org.minute"));

        // The earlier hashes are left as they were, to expire on their own.
        Assert.Equal(15, (long)await database.HashGetAsync($"rampart:rl:{{o:{organization}}}:k:key000000001", "c:burst"));
    }

    [Fact]
    public async Task A_count_of_an_earlier_window_rolls_over_to_the_current_window_and_one_of_the_current_window_counts()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();
        var organization = $"org-{Guid.NewGuid():N}";
        var keyHash = StoredWindows.KeyHash(organization, "key000000001");
        var windowId = await BurstWindowAsync(database);

        // The previous window is full: the current one starts at 0, and is stored with its own number.
        await database.HashSetAsync(keyHash, "burst", $"{windowId - 1}:15");
        var rolled = await limiter.AcquireAsync(Subject("key000000001", organization, cost: 4), default);
        Assert.True(rolled.IsAdmitted);
        Assert.Equal((windowId, 4L), await StoredWindows.ReadAsync(database, keyHash, "burst"));

        // A rolled-over window moves the hash's expiry to the end of the longest window.
        Assert.NotNull(await database.KeyTimeToLiveAsync(keyHash));

        // The current window's count is the one counted: 4 + 12 > 15 is refused and changes nothing.
        var refused = await limiter.AcquireAsync(Subject("key000000001", organization, cost: 12), default);
        Assert.Equal(RateLimitOutcome.RateLimited, refused.Outcome);
        Assert.Equal((windowId, 4L), await StoredWindows.ReadAsync(database, keyHash, "burst"));
        Assert.Equal((windowId, 4L), await StoredWindows.ReadAsync(database, StoredWindows.OrganizationHash(organization), "org.minute"));

        // A value that is not window:count counts as nothing and is replaced.
        await database.HashSetAsync(keyHash, "burst", "not-a-count");
        Assert.True((await limiter.AcquireAsync(Subject("key000000001", organization, cost: 15), default)).IsAdmitted);
        Assert.Equal((windowId, 15L), await StoredWindows.ReadAsync(database, keyHash, "burst"));
    }

    [Fact]
    public async Task The_key_view_reads_the_current_window_only()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();
        var organization = $"org-{Guid.NewGuid():N}";
        var windowId = await BurstWindowAsync(database);
        await database.HashSetAsync(StoredWindows.KeyHash(organization, "key000000001"), "burst", $"{windowId - 1}:9");
        await database.HashSetAsync(StoredWindows.OrganizationHash(organization), "org.minute", $"{windowId}:7");

        var states = await limiter.PeekAsync(Subject("key000000001", organization, cost: 1), default);

        Assert.NotNull(states);
        Assert.Equal([15, 1000, 13], states.Select(s => s.Remaining));
    }

    [Fact]
    public async Task Counts_beyond_fourteen_digits_are_stored_exactly()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();
        var large = new RateLimitPolicySet([new RateLimitPolicy("large", RateLimitScope.Key, false, 900_000_000_000_000, Long)]);
        var partition = $"u:{Guid.NewGuid():N}";

        Assert.True((await limiter.AcquireAsync(new RateLimitSubject(partition, null, large, null, 123_456_789_012_345), default)).IsAdmitted);
        Assert.True((await limiter.AcquireAsync(new RateLimitSubject(partition, null, large, null, 3), default)).IsAdmitted);

        Assert.Equal(123_456_789_012_348, await StoredWindows.CountAsync(database, $"rampart:rl:v2:{{k:{partition}}}", "large"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shorter_policy_set_never_moves_a_hash_expiry_earlier(bool sameBatch)
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();
        var organization = $"org-{Guid.NewGuid():N}";
        var organizationHash = StoredWindows.OrganizationHash(organization);

        // The same organisation under a set of one 10-second window only (another instance's configuration,
        // or the set after a reload), whose field starts a new window of its own after the long one was written.
        var shorter = new RateLimitPolicySet([new RateLimitPolicy("org.seconds", RateLimitScope.Organization, false, 20, 10)]);
        var longer = Subject("key000000001", organization);
        var later = new RateLimitSubject("key000000002", organization, KeyPolicies, shorter, 1);

        // The long window is written first, so its expiry stands and no later write of it moves the expiry.
        Assert.True((await limiter.AcquireAsync(longer, default)).IsAdmitted);
        if (sameBatch)
        {
            // Met under both sets in one call: only the shorter set starts a window there.
            var (keys, values) = limiter.BuildBatch([longer, later]);
            var reply = (long[])(await database.ScriptEvaluateAsync(RedisRateLimitScript.Text, keys, values))!;
            Assert.Equal([true, true], Admitted([longer, later], reply));
        }
        else
        {
            Assert.True((await limiter.AcquireAsync(later, default)).IsAdmitted);
        }

        // Both fields were written, and the hash lives until the long window's end: the 10-second set did not
        // cut the org.minute count's life to its own window.
        var windowId = await BurstWindowAsync(database);
        Assert.Equal((windowId, sameBatch ? 2L : 1L), await StoredWindows.ReadAsync(database, organizationHash, "org.minute"));
        Assert.Equal(1L, await StoredWindows.CountAsync(database, organizationHash, "org.seconds"));
        var ttl = await database.KeyTimeToLiveAsync(organizationHash);
        Assert.NotNull(ttl);
        Assert.True(ttl.Value > TimeSpan.FromMinutes(1), $"expiry in {ttl.Value}, expected the long window's end");
    }

    [Fact]
    public async Task A_full_batch_of_many_subjects_decides_as_the_same_requests_one_call_each()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration);
        var database = admin.GetDatabase();

        // Another policy set for the same keys (as after a reload between two requests of a batch): "burst" is
        // shared with KeyPolicies, so both count in one field; "hour" is its own.
        var reloaded = new RateLimitPolicySet(
        [
            new RateLimitPolicy("burst", RateLimitScope.Key, false, 15, Long),
            new RateLimitPolicy("hour", RateLimitScope.Key, false, 12, Long),
        ]);

        // 64 requests over a few keys, two organisations and a principal, costs 1-6: many are refused by a key,
        // some by an organisation, some by both; the same seed gives the same requests for both runs.
        List<RateLimitSubject> Requests(string first, string second, string user)
        {
            var random = new Random(20261203);
            var requests = new List<RateLimitSubject>();
            for (var i = 0; i < RedisRateLimiter.MaxBatch; i++)
            {
                var cost = random.Next(1, 7);
                var pick = random.Next(10);
                requests.Add(pick switch
                {
                    9 => new RateLimitSubject(user, null, KeyPolicies, null, cost),
                    8 or 7 => new RateLimitSubject($"key00000000{pick % 3}", first, reloaded, OrganizationPolicies, cost),
                    _ => new RateLimitSubject($"key00000000{pick % 4}", pick < 3 ? first : second, KeyPolicies, OrganizationPolicies, cost),
                });
            }

            return requests;
        }

        var subjects = Requests($"org-{Guid.NewGuid():N}", $"org-{Guid.NewGuid():N}", $"u:{Guid.NewGuid():N}");
        var (keys, values) = limiter.BuildBatch(subjects);
        var batched = (long[])(await database.ScriptEvaluateAsync(RedisRateLimitScript.Text, keys, values))!;

        var separate = new List<long>();
        foreach (var subject in Requests($"org-{Guid.NewGuid():N}", $"org-{Guid.NewGuid():N}", $"u:{Guid.NewGuid():N}"))
        {
            var (oneKeys, oneValues) = limiter.BuildBatch([subject]);
            separate.AddRange(((long[])(await database.ScriptEvaluateAsync(RedisRateLimitScript.Text, oneKeys, oneValues))!)[1..]);
        }

        Assert.Equal(separate, batched[1..]);

        // Not a trivial agreement: both admitted and refused requests, and the shared field counted by both sets.
        var admitted = Admitted(subjects, batched);
        Assert.Contains(true, admitted);
        Assert.Contains(false, admitted);
        Assert.Contains(subjects.Select((s, i) => (s, i)), p => ReferenceEquals(p.s.Policies, reloaded) && admitted[p.i]);
    }

    private static List<bool> Admitted(List<RateLimitSubject> subjects, long[] reply)
    {
        var admitted = new List<bool>();
        var index = 1;
        foreach (var subject in subjects)
        {
            admitted.Add(reply[index] == 1);
            index += 1 + subject.Policies.Count + (subject.Organization is null ? 0 : subject.OrganizationPolicies!.Count);
        }

        return admitted;
    }

    /// <summary>The number of the current window of <see cref="RedisLimiterSetup.Long"/> seconds on Redis's clock (stable for days).</summary>
    private static async Task<long> BurstWindowAsync(IDatabase database)
    {
        var time = (RedisValue[])(await database.ExecuteAsync("TIME"))!;
        return (long)time[0] / Long;
    }
}
