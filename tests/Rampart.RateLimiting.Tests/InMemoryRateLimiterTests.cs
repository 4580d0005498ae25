using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore.RateLimiting;
using Rampart.RateLimiting.Tests.Infrastructure;

namespace Rampart.RateLimiting.Tests;

public sealed class InMemoryRateLimiterTests
{
    private static readonly RateLimitPolicySet KeyPolicies = new(
    [
        new RateLimitPolicy("burst", RateLimitScope.Key, false, 50, 10),
        new RateLimitPolicy("minute", RateLimitScope.Key, false, 120, 60),
        new RateLimitPolicy("day", RateLimitScope.Key, false, 1000, 86_400),
    ]);

    private static readonly RateLimitPolicySet OrganizationPolicies = new(
    [
        new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 150, 60),
    ]);

    [Fact]
    public void Sixty_four_threads_on_one_key_admit_exactly_the_limit_of_every_window()
    {
        var time = new FakeTimeProvider(RateLimitTestApp.Start);
        var limiter = new InMemoryRateLimiter(time);
        var subject = new RateLimitSubject("key-1", "org-1", KeyPolicies, OrganizationPolicies, 1);

        // Burst window 1: 50 admitted of 64 x 10 attempts.
        Assert.Equal(50, Hammer(limiter, subject));

        // Burst window 2 (10 s later): the minute window has 70 left, so 50 again.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(50, Hammer(limiter, subject));

        // Burst window 3: the minute window has 20 left and caps it.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(20, Hammer(limiter, subject));
    }

    [Fact]
    public void Keys_of_one_organization_racing_never_exceed_the_organization_limit()
    {
        var time = new FakeTimeProvider(RateLimitTestApp.Start);
        var limiter = new InMemoryRateLimiter(time);
        var admitted = 0;
        var perKey = new int[64];
        using var ready = new Barrier(64);
        var threads = Enumerable.Range(0, 64).Select(i => new Thread(() =>
        {
            var subject = new RateLimitSubject($"key-{i % 8}", "org-1", KeyPolicies, OrganizationPolicies, 1);
            ready.SignalAndWait();
            for (var n = 0; n < 20; n++)
            {
                if (limiter.AcquireAsync(subject, default).Result.IsAdmitted)
                {
                    Interlocked.Increment(ref admitted);
                    Interlocked.Increment(ref perKey[i % 8]);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // 8 keys x 50 burst would allow 400; the organisation allows 150.
        Assert.Equal(150, admitted);
        Assert.All(perKey.Take(8), n => Assert.InRange(n, 0, 50));
    }

    [Fact]
    public void Idle_partitions_are_evicted_once_all_their_windows_have_ended()
    {
        var time = new FakeTimeProvider(RateLimitTestApp.Start);
        var limiter = new InMemoryRateLimiter(time);
        var shortPolicies = new RateLimitPolicySet([new RateLimitPolicy("burst", RateLimitScope.Key, false, 5, 10), new RateLimitPolicy("minute", RateLimitScope.Key, false, 10, 60)]);
        for (var i = 0; i < 100; i++)
        {
            limiter.Acquire(new RateLimitSubject($"key-{i}", "org-1", shortPolicies, OrganizationPolicies, 1), time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        Assert.Equal(100, limiter.KeyPartitionCount);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(0, limiter.EvictIdle(now + 59_999));
        Assert.Equal(101, limiter.EvictIdle(now + 60_000));
        Assert.Equal(0, limiter.KeyPartitionCount);
        Assert.Equal(0, limiter.OrganizationPartitionCount);
    }

    [Fact]
    public async Task The_eviction_service_runs_on_the_configured_interval()
    {
        await using var app = await RateLimitTestApp.StartAsync(Settings.Defaults());
        var limiter = (InMemoryRateLimiter)app.App.Services.GetService(typeof(InMemoryRateLimiter))!;
        var (key, _) = await app.CreateKeyAsync();
        await app.SendAsync("/orders", key);
        Assert.Equal(1, limiter.KeyPartitionCount);

        // The longest window (a minute) ends at 12:01; the sweep after it drops the counters.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => limiter.KeyPartitionCount == 0, "the sweep of the expired counters");
    }

    [Fact]
    public void A_refused_request_changes_no_counter()
    {
        var time = new FakeTimeProvider(RateLimitTestApp.Start);
        var limiter = new InMemoryRateLimiter(time);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var tight = new RateLimitPolicySet([new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 1, 60)]);

        Assert.True(limiter.Acquire(new RateLimitSubject("a", "org", KeyPolicies, tight, 1), now).IsAdmitted);
        for (var i = 0; i < 10; i++)
        {
            var refused = limiter.Acquire(new RateLimitSubject("b", "org", KeyPolicies, tight, 1), now);
            Assert.Equal(RateLimitOutcome.RateLimited, refused.Outcome);
        }

        var loose = new RateLimitPolicySet([new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 100, 60)]);
        var admitted = limiter.Acquire(new RateLimitSubject("b", "org", KeyPolicies, loose, 1), now);
        Assert.True(admitted.IsAdmitted);
        Assert.Equal("burst", admitted.Closest!.Name);
        Assert.Equal(49, admitted.Remaining);
    }

    private static int Hammer(InMemoryRateLimiter limiter, RateLimitSubject subject)
    {
        var admitted = 0;
        using var ready = new Barrier(64);
        var threads = Enumerable.Range(0, 64).Select(_ => new Thread(() =>
        {
            ready.SignalAndWait();
            for (var n = 0; n < 10; n++)
            {
                if (limiter.AcquireAsync(subject, default).Result.IsAdmitted)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return admitted;
    }
}
