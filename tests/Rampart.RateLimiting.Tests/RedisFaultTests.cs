using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Storage;
using Rampart.Redis.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// The Redis limiter under faults of a real redis-server, with 2 and 3 instances: replies delayed by a
/// proxy, the server frozen with SIGSTOP, the server killed. The fallback never admits more than the
/// bound docs/rate-limits.md declares: in a window, the limit plus, per instance, the smaller of its
/// share (limit / InstanceCount) and what Redis last reported left to it.
/// </summary>
[Collection(RedisFaultCollection.Name)]
public sealed class RedisFaultTests
{
    private const int Long = 1_000_000; // windows of about 11.6 days: no boundary is crossed during a test
    private const int KeyLimit = 30;
    private const int OrganizationLimit = 40;

    private static Dictionary<string, string?> Limits()
        => Settings.New()
            .Window("Tiers:default", "burst", KeyLimit, Long)
            .Window("OrganizationDefaults", "minute", OrganizationLimit, Long);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_stall_after_the_budget_was_used_admits_nothing_more(int instances)
    {
        await using var server = await RedisServer.StartAsync();
        await using var apps = await Instances.StartAsync(server.Configuration, instances);
        var (key, _) = await apps[0].CreateKeyAsync($"org-{Guid.NewGuid():N}");

        // Through Redis: exactly the limit, and each instance then hears that nothing is left.
        var admitted = await apps.SendRoundRobinAsync(key, KeyLimit + instances);
        Assert.Equal(KeyLimit, admitted);

        server.Stall();
        try
        {
            Assert.Equal(0, await apps.SendRoundRobinAsync(key, 3 * KeyLimit));
            Assert.All(apps, app => Assert.True(apps.Limiter(app).CircuitOpen));
        }
        finally
        {
            server.Resume();
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Redis_killed_before_a_window_began_leaves_each_instance_its_share(int instances)
    {
        await using var server = await RedisServer.StartAsync();
        await using var apps = await Instances.StartAsync(server.Configuration, instances);
        var (key, _) = await apps[0].CreateKeyAsync($"org-{Guid.NewGuid():N}");
        await server.KillAsync();

        var admitted = await apps.SendRoundRobinAsync(key, 3 * KeyLimit);

        // No instance heard of this window from Redis: each admits its share, together at most the limit.
        Assert.Equal(instances * (KeyLimit / instances), admitted);
        Assert.InRange(admitted, 1, KeyLimit);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Redis_killed_midway_keeps_within_the_declared_bound(int instances)
    {
        await using var server = await RedisServer.StartAsync();
        await using var apps = await Instances.StartAsync(server.Configuration, instances);
        var (key, _) = await apps[0].CreateKeyAsync($"org-{Guid.NewGuid():N}");

        var throughRedis = await apps.SendRoundRobinAsync(key, KeyLimit / 2);
        await server.KillAsync();
        var withoutRedis = await apps.SendRoundRobinAsync(key, 3 * KeyLimit);

        Assert.Equal(KeyLimit / 2, throughRedis);
        var bound = KeyLimit + (instances * (KeyLimit / instances));
        Assert.InRange(throughRedis + withoutRedis, KeyLimit / 2, bound);

        // Tighter than the general bound: what each instance last heard was left caps its fallback,
        // so nothing beyond the half that Redis had left (and each instance's view of it) is admitted.
        Assert.True(withoutRedis <= instances * (KeyLimit / instances), $"{withoutRedis} admitted without Redis.");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Slow_replies_from_Redis_keep_key_and_organisation_limits_within_the_declared_bound(int instances)
    {
        await using var server = await RedisServer.StartAsync();
        await using var proxy = new DelayingTcpProxy(server.Port);
        await using var apps = await Instances.StartAsync(proxy.Configuration, instances, timeout: TimeSpan.FromMilliseconds(500));
        var organization = $"org-{Guid.NewGuid():N}";
        var keys = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            keys.Add((await apps[0].CreateKeyAsync(organization)).Key);
        }

        // Every third reply comes well after the timeout (a busy Redis): the work is done, the answer is late.
        var replies = 0;
        proxy.ReplyDelay = () => Interlocked.Increment(ref replies) % 3 == 0 ? TimeSpan.FromSeconds(2) : TimeSpan.Zero;

        var perKey = new int[keys.Count];
        var tasks = new List<Task>();
        for (var k = 0; k < keys.Count; k++)
        {
            var index = k;
            for (var client = 0; client < 4; client++)
            {
                var app = apps[client % instances];
                tasks.Add(Task.Run(async () =>
                {
                    for (var i = 0; i < 25; i++)
                    {
                        using var response = await app.SendAsync("/orders", keys[index]);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref perKey[index]);
                        }
                    }
                }));
            }
        }

        await Task.WhenAll(tasks);

        var keyBound = KeyLimit + (instances * (KeyLimit / instances));
        var organizationBound = OrganizationLimit + (instances * (OrganizationLimit / instances));
        Assert.All(perKey, admitted => Assert.InRange(admitted, 1, keyBound));
        Assert.InRange(perKey.Sum(), 1, organizationBound);
    }

    /// <summary>N app instances sharing one key store and one Redis, each told how many there are.</summary>
    private sealed class Instances : List<RateLimitTestApp>, IAsyncDisposable
    {
        public static async Task<Instances> StartAsync(string configuration, int count, TimeSpan? timeout = null)
        {
            var apps = new Instances();
            IApiKeyStore? store = null;
            for (var i = 0; i < count; i++)
            {
                var shared = store;
                var app = await RateLimitTestApp.StartAsync(Limits(), services =>
                {
                    services.AddRampartRedisRateLimits(options =>
                    {
                        options.Configuration = configuration;
                        options.InstanceCount = count;

                        // Generous, so a busy machine does not make a healthy Redis look slow; faults are far slower.
                        options.Timeout = timeout ?? TimeSpan.FromSeconds(2);
                    });
                    if (shared is not null)
                    {
                        services.AddSingleton(shared);
                    }
                });
                store ??= app.App.Services.GetRequiredService<IApiKeyStore>();
                apps.Add(app);
            }

            return apps;
        }

        public RedisRateLimiter Limiter(RateLimitTestApp app) => app.App.Services.GetRequiredService<RedisRateLimiter>();

        public async Task<int> SendRoundRobinAsync(string key, int requests)
        {
            var admitted = 0;
            for (var i = 0; i < requests; i++)
            {
                using var response = await this[i % Count].SendAsync("/orders", key);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    admitted++;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                }
            }

            return admitted;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var app in this)
            {
                await app.DisposeAsync();
            }
        }
    }
}

/// <summary>The fault tests start their own servers and stall them: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisFaultCollection
{
    public const string Name = "Redis faults";
}
