using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rampart.Redis.RateLimiting;

namespace Rampart.RateLimiting.Tests;

/// <summary>The breaker trusts only answers to calls sent since it last changed, and probes soon, then less often.</summary>
public sealed class RedisCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private RedisCircuitBreaker Breaker() => new(3, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500), RedisFailureMode.FallbackToMemory, _time, NullLogger.Instance);

    [Fact]
    public void A_late_success_of_a_call_sent_before_the_circuit_opened_does_not_close_it()
    {
        var breaker = Breaker();
        var sent = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(breaker.TryEnter(out var epoch, out _));
            sent.Add(epoch);
        }

        breaker.OnFailure(sent[0], new TimeoutException());
        breaker.OnFailure(sent[1], new TimeoutException());
        breaker.OnFailure(sent[2], new TimeoutException());
        Assert.True(breaker.IsOpen);

        // The fourth call, sent while the circuit was closed, answers late: it says nothing about Redis now.
        breaker.OnSuccess(sent[3]);
        Assert.True(breaker.IsOpen);
        Assert.False(breaker.TryEnter(out _, out _));

        // The probe's own answer is what closes it.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(breaker.TryEnter(out var probe, out _));
        Assert.False(breaker.TryEnter(out _, out _)); // one probe at a time
        breaker.OnSuccess(probe);
        Assert.False(breaker.IsOpen);
    }

    [Fact]
    public void A_late_failure_from_before_a_probe_does_not_reopen_or_extend_the_circuit()
    {
        var breaker = Breaker();
        Assert.True(breaker.TryEnter(out var old, out _));
        for (var i = 0; i < 3; i++)
        {
            breaker.OnFailure(old, new TimeoutException());
        }

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(breaker.TryEnter(out var probe, out _));
        breaker.OnFailure(old, new TimeoutException()); // a straggler
        breaker.OnSuccess(probe);

        Assert.False(breaker.IsOpen);
    }

    [Fact]
    public void Probes_come_after_half_a_second_then_double_up_to_the_break_duration()
    {
        var breaker = Breaker();
        Assert.True(breaker.TryEnter(out var epoch, out _));
        for (var i = 0; i < 3; i++)
        {
            breaker.OnFailure(epoch, new TimeoutException());
        }

        var waits = new List<long>();
        for (var probe = 0; probe < 7; probe++)
        {
            Assert.False(breaker.TryEnter(out _, out var retryAfterMs));
            waits.Add(retryAfterMs);
            _time.Advance(TimeSpan.FromMilliseconds(retryAfterMs));
            Assert.True(breaker.TryEnter(out var probeEpoch, out _));
            breaker.OnFailure(probeEpoch, new TimeoutException());
        }

        Assert.Equal([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000], waits);
    }
}
