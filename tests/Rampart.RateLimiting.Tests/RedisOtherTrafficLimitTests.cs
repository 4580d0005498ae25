using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Storage;
using Rampart.RateLimiting.Tests.Infrastructure;
using StackExchange.Redis;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// The optional policies for other schemes' principals (a JWT's subject, from the real JWT bearer
/// handler) and for anonymous callers, enforced through Redis: two app instances share one counter.
/// </summary>
public sealed class RedisOtherTrafficLimitTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    // Windows of about 11.6 days: a test never straddles a boundary of Redis's real clock.
    private const int Long = 1_000_000;

    private static Task<RateLimitTestApp> StartAsync(RedisServer server, TestJwt jwt, string prefix, IApiKeyStore? store = null)
        => RateLimitTestApp.StartAsync(
            Settings.New()
                .Window("Tiers:default", "burst", 100, Long)
                .Window("Principals", "minute", 3, Long)
                .Window("Anonymous", "minute", 2, Long),
            services =>
            {
                jwt.AddTo(services.AddAuthentication(TestJwt.Scheme));
                services.AddRampartRedisRateLimits(options =>
                {
                    options.Configuration = server.Configuration;
                    options.KeyPrefix = prefix;
                    options.Timeout = TimeSpan.FromSeconds(5);
                });
                if (store is not null)
                {
                    services.AddSingleton(store);
                }
            },
            map: web => web.MapGet("/dashboard", () => "ok").RequireAuthorization());

    private static HttpRequestMessage WithJwt(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task A_JWT_subject_has_one_counter_in_Redis_shared_by_every_instance()
    {
        var jwt = new TestJwt();
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var first = await StartAsync(redis.Server, jwt, prefix);
        await using var second = await StartAsync(redis.Server, jwt, prefix, first.App.Services.GetRequiredService<IApiKeyStore>());
        var alice = jwt.Issue("alice");

        var statuses = new List<HttpStatusCode>();
        var remaining = new List<string>();
        foreach (var app in new[] { first, second, first, second })
        {
            var response = await app.Client.SendAsync(WithJwt("/dashboard", alice));
            statuses.Add(response.StatusCode);
            if (response.Headers.TryGetValues("RateLimit", out var values))
            {
                remaining.Add(Assert.Single(values));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.StartsWith("\"user.minute\";r=2;", remaining[0], StringComparison.Ordinal);
        Assert.StartsWith("\"user.minute\";r=1;", remaining[1], StringComparison.Ordinal);
        Assert.StartsWith("\"user.minute\";r=0;", remaining[2], StringComparison.Ordinal);

        var refused = await second.Client.SendAsync(WithJwt("/dashboard", alice));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("\"user.minute\";q=3;w=1000000", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal("principal", problem.GetProperty("violated_policies")[0].GetProperty("scope").GetString());

        // Another subject has its own counter; the key's limits are apart from both.
        Assert.Equal(HttpStatusCode.OK, (await first.Client.SendAsync(WithJwt("/dashboard", jwt.Issue("bob")))).StatusCode);
        var (key, _) = await first.CreateKeyAsync($"org-{Guid.NewGuid():N}");
        var keyed = await second.SendAsync("/orders", key);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.StartsWith("\"burst\";r=99;", Assert.Single(keyed.Headers.GetValues("RateLimit")), StringComparison.Ordinal);

        // The counters are in Redis, named by a hash: no subject ("alice") in any key name.
        var names = await KeysAsync(prefix);
        Assert.Equal(2, names.Count(n => n.Contains("u:", StringComparison.Ordinal)));
        Assert.DoesNotContain(names, n => n.Contains("alice", StringComparison.Ordinal) || n.Contains("bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_callers_have_one_counter_per_client_network_in_Redis_shared_by_every_instance()
    {
        var jwt = new TestJwt();
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var first = await StartAsync(redis.Server, jwt, prefix);
        await using var second = await StartAsync(redis.Server, jwt, prefix, first.App.Services.GetRequiredService<IApiKeyStore>());

        var admitted = await first.SendAsync("/public", key: null);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.StartsWith("\"anon.minute\";r=1;", Assert.Single(admitted.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.SendAsync("/public", key: null)).StatusCode);

        var refused = await first.SendAsync("/public", key: null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("\"anon.minute\";q=2;w=1000000", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));

        // An authenticated caller does not share the anonymous counter.
        Assert.Equal(HttpStatusCode.OK, (await second.Client.SendAsync(WithJwt("/public", jwt.Issue("carol")))).StatusCode);
        Assert.Contains(await KeysAsync(prefix), n => n.Contains("a:", StringComparison.Ordinal));
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        await using var admin = await redis.Server.ConnectAdminAsync();
        var server = admin.GetServers().Single();
        var names = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            names.Add(key.ToString());
        }

        return names;
    }
}
