using System.Globalization;
using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;
using Rampart.Redis.RateLimiting;
using StackExchange.Redis;

using static Rampart.RateLimiting.Tests.Infrastructure.RedisLimiterSetup;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// Requests that arrive while a call to Redis is in flight go together in the next EVALSHA: each still decided
/// atomically, in arrival order, as separate calls would decide them, and never more than one call per request.
/// </summary>
[Collection(RedisFaultCollection.Name)]
public sealed class RedisCoalescingTests
{
    [Fact]
    public async Task Requests_queued_behind_a_call_in_flight_go_in_the_next_EVALSHA_and_are_admitted_in_arrival_order()
    {
        await using var server = await RedisServer.StartAsync();
        await using var proxy = new DelayingTcpProxy(server.Port);
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(proxy.Configuration, TimeProvider.System);
        var organization = $"org-{Guid.NewGuid():N}";
        var key = Subject("key000000001", organization);
        Assert.True((await limiter.AcquireAsync(key, default)).IsAdmitted);
        var roundTrips = limiter.RoundTrips;
        var sent = limiter.RequestsSent;
        var before = await EvalshaCallsAsync(admin);

        // The next reply is held back a second: every request made meanwhile waits for the following call.
        var held = 0;
        proxy.ReplyDelay = () => Interlocked.Increment(ref held) == 1 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        var pending = Enumerable.Range(0, 21).Select(_ => limiter.AcquireAsync(key, default).AsTask()).ToList();
        var decisions = await Task.WhenAll(pending);

        // One call for the first request, one for the twenty queued behind it; each request sent once.
        Assert.Equal(2, limiter.RoundTrips - roundTrips);
        Assert.Equal(2, await EvalshaCallsAsync(admin) - before);
        Assert.Equal(21, limiter.RequestsSent - sent);

        // 1 before, then 14 more fit the key's burst of 15: the first 14 in arrival order, and no others.
        Assert.All(decisions.Take(14), d => Assert.True(d.IsAdmitted));
        Assert.All(decisions.Skip(14), d => Assert.Equal(RateLimitOutcome.RateLimited, d.Outcome));
        Assert.Equal(0, decisions[13].Remaining);
        var hash = StoredWindows.KeyHash(organization, "key000000001");
        Assert.Equal(15, await StoredWindows.CountAsync(admin.GetDatabase(), hash, "burst"));
        Assert.Equal(15, await StoredWindows.CountAsync(admin.GetDatabase(), StoredWindows.OrganizationHash(organization), "org.minute"));
    }

    [Theory]
    [InlineData(RedisFailureMode.FailClosed)]
    [InlineData(RedisFailureMode.FailOpen)]
    public async Task A_connection_lost_with_a_call_in_flight_gives_every_waiting_request_the_failure_mode_once(RedisFailureMode mode)
    {
        await using var server = await RedisServer.StartAsync();
        var proxy = new DelayingTcpProxy(server.Port);
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(proxy.Configuration, TimeProvider.System, mode);
        var organization = $"org-{Guid.NewGuid():N}";
        var key = Subject("key000000001", organization);
        Assert.True((await limiter.AcquireAsync(key, default)).IsAdmitted);
        var roundTrips = limiter.RoundTrips;

        // Replies are held: the call of the first request reaches Redis and is run, twenty requests queue behind it.
        proxy.ReplyDelay = static () => TimeSpan.FromMinutes(10);
        var pending = Enumerable.Range(0, 21).Select(_ => limiter.AcquireAsync(key, default).AsTask()).ToList();
        var hash = StoredWindows.KeyHash(organization, "key000000001");
        await Eventually.UntilAsync(async () => await StoredWindows.CountAsync(admin.GetDatabase(), hash, "burst") == 2, "the call in flight ran in Redis");
        Assert.Equal(1, limiter.RoundTrips - roundTrips);
        Assert.All(pending, p => Assert.False(p.IsCompleted));

        // The connection goes (and cannot come back): the call fails mid-flight, the queued requests find no connection.
        await proxy.DisposeAsync();
        var decisions = await Eventually.CompletesAsync(Task.WhenAll(pending), "every waiting request decided");

        var expected = mode == RedisFailureMode.FailClosed ? RateLimitOutcome.Unavailable : RateLimitOutcome.AdmittedUnchecked;
        Assert.Equal(21, decisions.Length);
        Assert.All(decisions, d => Assert.Equal(expected, d.Outcome));

        // Nothing queued reached Redis after the loss, and nothing was run twice: the request before and the one in flight.
        Assert.Equal(2, await StoredWindows.CountAsync(admin.GetDatabase(), hash, "burst"));
        Assert.Equal(2, await StoredWindows.CountAsync(admin.GetDatabase(), StoredWindows.OrganizationHash(organization), "org.minute"));
    }

    [Fact]
    public async Task One_call_decides_its_requests_in_order_each_all_or_nothing_as_separate_calls_would()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration, TimeProvider.System);
        var database = admin.GetDatabase();

        // Keys of one organisation (limit 20) and of another, costs chosen so that the organisation refuses a
        // request its key has room for, a refused request leaves room for a cheaper one, and a key refuses alone.
        RateLimitSubject[] Requests(string organization, string other, string user) =>
        [
            Subject("key000000001", organization, cost: 10),
            Subject("key000000002", organization, cost: 8),
            Subject("key000000003", organization, cost: 5),
            Subject("key000000003", organization, cost: 2),
            Subject("key000000004", other, cost: 16),
            Subject("key000000004", other, cost: 1),
            Subject(user, null, cost: 3),
            Subject("key000000001", organization, cost: 1),
        ];
        var organization = $"org-{Guid.NewGuid():N}";
        var subjects = Requests(organization, $"org-{Guid.NewGuid():N}", $"u:{Guid.NewGuid():N}");
        var (keys, values) = limiter.BuildBatch(subjects);

        var batched = (long[])(await database.ScriptEvaluateAsync(RedisRateLimitScript.Text, keys, values))!;

        // Each hash once: four key hashes, two organisations, one principal.
        Assert.Equal(7, keys.Length);

        // Per request: admitted, then the counts before it (key burst, key month, organisation minute).
        long[] expected =
        [
            1, 0, 0, 0,
            1, 0, 0, 10,
            0, 0, 0, 18,   // 18 + 5 > 20: the organisation refuses, nothing is counted
            1, 0, 0, 18,   // 18 + 2 fits exactly
            0, 0, 0, 0,    // 16 > the key's burst of 15: the key refuses, its organisation counts nothing
            1, 0, 0, 0,
            1, 0, 0,       // no organisation
            0, 10, 10, 20, // the organisation is full
        ];
        Assert.Equal(expected, batched[1..]);
        Assert.Equal(20, await StoredWindows.CountAsync(database, StoredWindows.OrganizationHash(organization), "org.minute"));
        Assert.Equal(2, await StoredWindows.CountAsync(database, StoredWindows.KeyHash(organization, "key000000003"), "burst"));

        // The same requests on fresh counters, one call each, answer the same.
        var separate = new List<long>();
        foreach (var subject in Requests($"org-{Guid.NewGuid():N}", $"org-{Guid.NewGuid():N}", $"u:{Guid.NewGuid():N}"))
        {
            var (oneKeys, oneValues) = limiter.BuildBatch([subject]);
            separate.AddRange(((long[])(await database.ScriptEvaluateAsync(RedisRateLimitScript.Text, oneKeys, oneValues))!)[1..]);
        }

        Assert.Equal(expected, separate);
    }

    [Fact]
    public async Task A_request_without_key_windows_is_decided_by_its_organisation_alone()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await server.ConnectAdminAsync();
        await using var limiter = Limiter(server.Configuration, TimeProvider.System);
        var organization = $"org-{Guid.NewGuid():N}";
        var none = new RateLimitPolicySet([]);
        RateLimitSubject[] subjects = [new("key000000001", organization, none, OrganizationPolicies, 20), new("key000000001", organization, none, OrganizationPolicies, 1)];
        var (keys, values) = limiter.BuildBatch(subjects);

        var result = (long[])(await admin.GetDatabase().ScriptEvaluateAsync(RedisRateLimitScript.Text, keys, values))!;

        Assert.Equal([1, 0, 0, 20], result[1..]);
        Assert.False(await admin.GetDatabase().KeyExistsAsync(keys[0]));
    }

    private static async Task<long> EvalshaCallsAsync(ConnectionMultiplexer admin)
    {
        var info = await admin.GetServer(admin.GetEndPoints()[0]).InfoAsync("commandstats");
        var entry = info.SelectMany(g => g).FirstOrDefault(e => e.Key == "cmdstat_evalsha");
        return entry.Value is null ? 0 : long.Parse(entry.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture);
    }
}
