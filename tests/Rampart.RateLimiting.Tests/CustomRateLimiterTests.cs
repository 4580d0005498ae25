using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;

namespace Rampart.RateLimiting.Tests;

/// <summary>
/// A limiter written against the public contract only, as a third party would: it keeps its own
/// counters (never resetting, to tell it apart from the windows of Rampart's limiters) and decides
/// with <see cref="RateLimitDecisionBuilder"/>.
/// </summary>
internal sealed class LedgerRateLimiter : IRampartRateLimiter, IHealthCheck
{
    private readonly ConcurrentDictionary<string, long[]> _counters = new(StringComparer.Ordinal);

    public ConcurrentQueue<RateLimitSubject> Seen { get; } = new();

    public bool Down { get; set; }

    public ValueTask<RateLimitDecision> AcquireAsync(RateLimitSubject subject, CancellationToken cancellationToken)
    {
        Seen.Enqueue(subject);
        if (Down)
        {
            return ValueTask.FromResult(RateLimitDecision.Unavailable(retryAfterSeconds: 7));
        }

        var counters = _counters.GetOrAdd(subject.Partition, static (_, count) => new long[count], subject.Policies.Count);
        lock (counters)
        {
            var builder = new RateLimitDecisionBuilder(nowMs: 0, subject.Cost);
            for (var i = 0; i < subject.Policies.Count; i++)
            {
                builder.Observe(subject.Policies.Policies[i], counters[i], endMs: 60_000);
            }

            if (!builder.Rejected)
            {
                for (var i = 0; i < counters.Length; i++)
                {
                    counters[i] += subject.Cost;
                }
            }

            return ValueTask.FromResult(builder.Build());
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(Down ? HealthCheckResult.Unhealthy("ledger down") : HealthCheckResult.Healthy("ledger up"));
}

public sealed class CustomRateLimiterTests
{
    private static Dictionary<string, string?> TwoPerKey() => Settings.New()
        .Window("Tiers:default", "burst", 2, 10)
        .Window("OrganizationDefaults", "minute", 1000, 60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_limiter_registered_with_AddRampartRateLimiter_counts_every_request_in_place_of_the_built_in_one(bool registeredBeforeAddRampart)
    {
        Action<IServiceCollection> register = services => services.AddRampartRateLimiter<LedgerRateLimiter>();
        await using var app = await RateLimitTestApp.StartAsync(
            TwoPerKey(),
            services: registeredBeforeAddRampart ? null : register,
            servicesBeforeRampart: registeredBeforeAddRampart ? register : null);
        var (key, id) = await app.CreateKeyAsync("org-a");

        var first = await app.SendAsync("/orders", key);
        var second = await app.SendAsync("/orders", key);
        var refused = await app.SendAsync("/orders", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"burst\";r=1;t=60", Assert.Single(first.Headers.GetValues("RateLimit")));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("\"burst\";q=2;w=10, \"org.minute\";q=1000;w=60", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());

        // The app's limiter saw each request with the key's id, organisation and policies; the built-in one saw none.
        var limiter = app.App.Services.GetRequiredService<LedgerRateLimiter>();
        Assert.Same(limiter, app.App.Services.GetRequiredService<IRampartRateLimiter>());
        Assert.Equal(3, limiter.Seen.Count);
        Assert.All(limiter.Seen, subject =>
        {
            Assert.Equal(id, subject.Partition);
            Assert.Equal("org-a", subject.Organization);
            Assert.Equal(["burst"], subject.Policies.Policies.Select(p => p.Name));
            Assert.Equal(RateLimitScope.Organization, Assert.Single(subject.OrganizationPolicies!.Policies).Scope);
        });
        Assert.Equal(0, app.App.Services.GetRequiredService<InMemoryRateLimiter>().KeyPartitionCount);
    }

    [Fact]
    public async Task A_custom_limiter_that_cannot_reach_its_store_refuses_with_503_and_reports_through_the_health_check()
    {
        await using var app = await RateLimitTestApp.StartAsync(TwoPerKey(), services =>
        {
            services.AddRampartRateLimiter<LedgerRateLimiter>();
            services.AddHealthChecks().AddRampartHealthChecks();
        });
        var (key, _) = await app.CreateKeyAsync("org-a");
        var limiter = app.App.Services.GetRequiredService<LedgerRateLimiter>();
        limiter.Down = true;

        var refused = await app.SendAsync("/orders", key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        var health = await app.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = Assert.Single(health.Entries, e => e.Key == Rampart.AspNetCore.HealthChecks.RampartHealthChecks.RateLimiter);
        Assert.Equal(HealthStatus.Unhealthy, entry.Value.Status);
    }

    [Fact]
    public void A_policy_name_that_would_break_the_response_headers_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RateLimitPolicy("bad\"name", RateLimitScope.Key, isQuota: false, limit: 1, windowSeconds: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitPolicy("ok", RateLimitScope.Key, isQuota: false, limit: -1, windowSeconds: 10));
    }
}
