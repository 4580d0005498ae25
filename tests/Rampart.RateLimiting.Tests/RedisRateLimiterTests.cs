using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Storage;
using Rampart.Redis.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;
using StackExchange.Redis;

namespace Rampart.RateLimiting.Tests;

public sealed class RedisRateLimiterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // Windows of about 11.6 days: a test never straddles a boundary of Redis's real clock.
    private const int Long = 1_000_000;

    private static Dictionary<string, string?> LongWindows(long keyLimit, long organizationLimit = 1000)
        => Settings.New()
            .Window("Tiers:default", "burst", keyLimit, Long)
            .Window("Tiers:default", "month", keyLimit + 100, Long * 2)
            .Window("OrganizationDefaults", "minute", organizationLimit, Long);

    private static Task<RateLimitTestApp> StartAsync(RedisServer server, Dictionary<string, string?> settings, Action<RedisRateLimitOptions>? configure = null, IApiKeyStore? store = null)
        => RateLimitTestApp.StartAsync(settings, services =>
        {
            services.AddRampartRedisRateLimits(options =>
            {
                options.Configuration = server.Configuration;

                // A busy machine must not turn a healthy Redis into a timeout: these tests are about answers.
                options.Timeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(options);
            });
            if (store is not null)
            {
                services.AddSingleton(store);
            }
        });

    private static RedisRateLimiter Limiter(RateLimitTestApp app) => app.App.Services.GetRequiredService<RedisRateLimiter>();

    [Fact]
    public async Task Two_instances_sharing_one_Redis_enforce_one_combined_limit()
    {
        await using var first = await StartAsync(redis.Server, LongWindows(keyLimit: 7));
        await using var second = await StartAsync(redis.Server, LongWindows(keyLimit: 7), store: first.App.Services.GetRequiredService<IApiKeyStore>());
        var (key, _) = await first.CreateKeyAsync($"org-{Guid.NewGuid():N}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await first.SendAsync("/orders", key)).StatusCode);
            statuses.Add((await second.SendAsync("/orders", key)).StatusCode);
        }

        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(7));
    }

    [Fact]
    public async Task Sixty_four_concurrent_clients_on_one_key_get_exactly_the_limit_through_Redis()
    {
        await using var app = await StartAsync(redis.Server, LongWindows(keyLimit: 41));
        var (key, _) = await app.CreateKeyAsync($"org-{Guid.NewGuid():N}");

        using var start = new SemaphoreSlim(0);
        var clients = Enumerable.Range(0, 64).Select(async _ =>
        {
            await start.WaitAsync();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 2; i++)
            {
                statuses.Add((await app.SendAsync("/orders", key)).StatusCode);
            }

            return statuses;
        }).ToList();
        start.Release(64);
        var results = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();

        Assert.Equal(41, results.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(128 - 41, results.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.False(Limiter(app).CircuitOpen);
    }

    [Fact]
    public async Task Each_request_costs_exactly_one_round_trip_an_EVALSHA()
    {
        await using var app = await StartAsync(redis.Server, LongWindows(keyLimit: 5));
        await using var admin = await redis.Server.ConnectAdminAsync();
        var (key, _) = await app.CreateKeyAsync($"org-{Guid.NewGuid():N}");
        await app.SendAsync("/orders", key);

        var limiter = Limiter(app);
        var roundTripsBefore = limiter.RoundTrips;
        var before = await CommandCallsAsync(admin);
        for (var i = 0; i < 10; i++)
        {
            await app.SendAsync("/orders", key);
        }

        var after = await CommandCallsAsync(admin);

        Assert.Equal(10, limiter.RoundTrips - roundTripsBefore);
        Assert.Equal(10, after.GetValueOrDefault("evalsha") - before.GetValueOrDefault("evalsha"));
        Assert.Equal(0, after.GetValueOrDefault("eval") - before.GetValueOrDefault("eval"));

        // Redis also counts the commands the script runs inside itself; anything else would be a round trip.
        var insideScript = new[] { "evalsha", "time", "hmget", "hset", "pexpireat", "info", "ping", "echo" };
        var others = after.Where(c => !insideScript.Contains(c.Key) && c.Value != before.GetValueOrDefault(c.Key)).Select(c => c.Key).ToList();
        Assert.Empty(others);
        Assert.Equal(10, after["time"] - before.GetValueOrDefault("time"));
    }

    [Fact]
    public async Task Every_key_has_a_ttl_shares_one_cluster_slot_and_a_refusal_writes_nothing()
    {
        var organization = $"org-{Guid.NewGuid():N}";
        await using var app = await StartAsync(redis.Server, LongWindows(keyLimit: 5, organizationLimit: 2));
        await using var admin = await redis.Server.ConnectAdminAsync();
        var (first, firstId) = await app.CreateKeyAsync(organization);
        var (second, secondId) = await app.CreateKeyAsync(organization);
        await app.SendAsync("/orders", first);
        await app.SendAsync("/orders", first);

        var refused = await app.SendAsync("/orders", second);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("org.minute", Assert.Single(body.GetProperty("violated_policies").EnumerateArray()).GetProperty("name").GetString());
        var database = admin.GetDatabase();
        var keyHash = StoredWindows.KeyHash(organization, firstId);
        var organizationHash = StoredWindows.OrganizationHash(organization);
        Assert.True(await database.KeyExistsAsync(keyHash));
        Assert.False(await database.KeyExistsAsync(StoredWindows.KeyHash(organization, secondId)));
        Assert.Equal(2, await StoredWindows.CountAsync(database, organizationHash, "org.minute"));
        foreach (var name in new[] { keyHash, organizationHash })
        {
            var ttl = await database.KeyTimeToLiveAsync(name);
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds((2 * Long) + 2));
        }

        Assert.Equal(admin.HashSlot(keyHash), admin.HashSlot(organizationHash));
    }

    [Fact]
    public async Task Redis_and_memory_compute_the_same_windows_including_calendar_months()
    {
        await using var app = await StartAsync(redis.Server, Settings.New().Window("Tiers:default", "burst", 10, 10).Quota("Tiers:default", 100, "Monthly"));
        var limiter = Limiter(app);
        var policies = new RateLimitPolicySet(
        [
            new RateLimitPolicy("burst", RateLimitScope.Key, false, 10, 10),
            new RateLimitPolicy("day", RateLimitScope.Key, false, 10, 86_400),
            new RateLimitPolicy("quota", RateLimitScope.Key, true, 100, RateLimitPolicy.MonthPeriod),
        ]);
        var subject = new RateLimitSubject($"key-{Guid.NewGuid():N}", null, policies, null, 1);
        var (keys, values) = limiter.BuildBatch([subject]);
        await using var admin = await redis.Server.ConnectAdminAsync();

        var result = (long[])(await admin.GetDatabase().ScriptEvaluateAsync(RedisRateLimitScript.Text, keys, values))!;

        // {now, admitted, one count per policy}: the client derives each window from Redis's now as the script does.
        var now = result[0];
        Assert.Equal([1, 0, 0, 0], result[1..]);
        var (peekKeys, peekValues) = limiter.BuildArguments(subject);
        var peeked = (long[])(await admin.GetDatabase().ScriptEvaluateAsync(RedisRateLimitPeekScript.Text, peekKeys, peekValues))!;
        Assert.InRange(peeked[0], now, now + 60_000);
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies.Policies[i];
            var sameWindow = policy.GetWindow(peeked[0]).Id == policy.GetWindow(now).Id;
            Assert.Equal(sameWindow ? 1 : 0, peeked[1 + (2 * i)]);
            Assert.Equal(policy.GetWindow(peeked[0]).EndMs, peeked[2 + (2 * i)]);
        }

        // The hash expires when its longest window ends, plus a second.
        var expiry = await admin.GetDatabase().KeyExpireTimeAsync(keys[0]);
        Assert.Equal(policies.Policies.Max(p => p.GetWindow(now).EndMs) + 1000, new DateTimeOffset(DateTime.SpecifyKind(expiry!.Value, DateTimeKind.Utc)).ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("2026-11-24T12:00:00Z")]
    [InlineData("2026-12-31T23:59:59.999Z")]
    [InlineData("2027-01-01T00:00:00Z")]
    [InlineData("2028-02-28T23:59:59Z")]
    [InlineData("2028-02-29T00:00:00Z")]
    [InlineData("2028-02-29T23:59:59.999Z")]
    [InlineData("2100-02-28T12:00:00Z")]
    [InlineData("2000-02-29T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public async Task The_script_computes_calendar_months_exactly_as_dotnet(string instant)
    {
        // Run the scripts' own month function at a chosen instant.
        var probe = RedisRateLimitScript.WindowFunctions + "local id, ends = window(tonumber(ARGV[1]), 0)\nreturn { id, ends }";
        var now = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await using var admin = await redis.Server.ConnectAdminAsync();

        var result = (long[])(await admin.GetDatabase().ScriptEvaluateAsync(probe, [], [now]))!;

        var expected = new RateLimitPolicy("quota", RateLimitScope.Key, true, 1, RateLimitPolicy.MonthPeriod).GetWindow(now);
        Assert.Equal(expected.Id, result[0]);
        Assert.Equal(expected.EndMs, result[1]);
    }

    [Fact]
    public async Task Killing_Redis_falls_back_to_memory_opens_the_circuit_and_recovers()
    {
        await using var server = await RedisServer.StartAsync();
        await using var app = await StartAsync(server, LongWindows(keyLimit: 5), options =>
        {
            options.FailureThreshold = 3;
            options.BreakDuration = TimeSpan.FromSeconds(15);
        });
        var (key, _) = await app.CreateKeyAsync($"org-{Guid.NewGuid():N}");
        var limiter = Limiter(app);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(2, limiter.RoundTrips);

        await server.KillAsync();

        // Three failures, each answered by the in-memory limiter, open the circuit.
        for (var i = 0; i < 3; i++)
        {
            var response = await app.SendAsync("/orders", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.Contains("RateLimit"));
        }

        Assert.True(limiter.CircuitOpen);
        var opened = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1110);
        Assert.Equal("Rampart.RateLimiting", opened.Category);
        var roundTrips = limiter.RoundTrips;

        // Open: Redis is not called. Redis had reported 3 left and the fallback admitted those 3, so no
        // fresh budget: the limit of 5 holds across the outage.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.SendAsync("/orders", key)).StatusCode);
        Assert.Equal(roundTrips, limiter.RoundTrips);

        // Redis comes back; after the break one request probes it, and the circuit closes.
        await server.RestartAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromSeconds(15));
                await app.SendAsync("/orders", key);
                return !limiter.CircuitOpen;
            },
            "the circuit closed by a probe after Redis came back");
        Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 1111);
        Assert.True(limiter.RoundTrips > roundTrips);
    }

    [Fact]
    public async Task Fail_closed_refuses_with_503_and_retry_after_while_Redis_is_down()
    {
        await using var server = await RedisServer.StartAsync();
        await server.KillAsync();
        await using var app = await StartAsync(server, LongWindows(keyLimit: 5), options =>
        {
            options.FailureMode = RedisFailureMode.FailClosed;
            options.FailureThreshold = 1;
            options.BreakDuration = TimeSpan.FromSeconds(30);
            options.FirstProbeDelay = TimeSpan.FromSeconds(2);
        });
        var (key, id) = await app.CreateKeyAsync();

        var first = await app.SendAsync("/orders", key);
        var second = await app.SendAsync("/orders", key);

        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            // The client is told when Redis is probed next (2 s), not the longest break (30 s).
            Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("urn:rampart:problem:rate-limiter-unavailable", body.GetProperty("type").GetString());
        }

        Assert.Equal(1, Limiter(app).RoundTrips);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Id == 1102 && r.Category == "Rampart.Authentication" && r.Message.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fail_open_admits_without_limits_while_Redis_is_down()
    {
        await using var server = await RedisServer.StartAsync();
        await server.KillAsync();
        await using var app = await StartAsync(server, LongWindows(keyLimit: 1), options => options.FailureMode = RedisFailureMode.FailOpen);
        var (key, _) = await app.CreateKeyAsync();

        for (var i = 0; i < 5; i++)
        {
            var response = await app.SendAsync("/orders", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit"));
        }
    }

    [Fact]
    public async Task Missing_configuration_stops_the_app_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => RateLimitTestApp.StartAsync(Settings.Defaults(), services => services.AddRampartRedisRateLimits()));

        Assert.Contains("Rampart:RateLimits:Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unparsable_configuration_is_reported_without_echoing_it()
    {
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => RateLimitTestApp.StartAsync(Settings.Defaults(), services => services.AddRampartRedisRateLimits(o => o.Configuration = "localhost,secretword=hunter2")));

        Assert.Contains("Rampart:RateLimits:Redis:Configuration is not a valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, long>> CommandCallsAsync(ConnectionMultiplexer admin)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var info = await server.InfoAsync("commandstats");
        var calls = new Dictionary<string, long>();
        foreach (var entry in info.SelectMany(g => g))
        {
            // cmdstat_evalsha: calls=10,usec=...,
            var name = entry.Key.Replace("cmdstat_", string.Empty, StringComparison.Ordinal);
            var value = entry.Value.Split(',')[0].Split('=')[1];
            calls[name] = long.Parse(value, CultureInfo.InvariantCulture);
        }

        return calls;
    }
}
