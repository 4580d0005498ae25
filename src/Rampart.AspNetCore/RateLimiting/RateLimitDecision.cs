namespace Rampart.AspNetCore.RateLimiting;

/// <summary>What the limiter decided for one request.</summary>
public enum RateLimitOutcome
{
    /// <summary>Every policy admitted the request, and it was counted in all of them.</summary>
    Admitted,

    /// <summary>A rate window is exhausted: 429 <c>rate_limited</c>.</summary>
    RateLimited,

    /// <summary>A quota is exhausted: 429 <c>quota_exhausted</c>.</summary>
    QuotaExhausted,

    /// <summary>The shared limiter cannot be reached and the configured behaviour is to refuse.</summary>
    Unavailable,

    /// <summary>The shared limiter cannot be reached and the configured behaviour is to admit without counting.</summary>
    AdmittedUnchecked,
}

/// <summary>
/// A decision with what the response needs: the policy closest to exhaustion (for the <c>RateLimit</c>
/// field) and, when refused, the violated policies and when the last of them frees.
/// </summary>
public readonly struct RateLimitDecision
{
    /// <summary>A decision; limiters usually get one from <see cref="RateLimitDecisionBuilder.Build"/>.</summary>
    public RateLimitDecision(RateLimitOutcome outcome, RateLimitPolicy? closest, long remaining, long resetSeconds, IReadOnlyList<RateLimitPolicy>? violated, long retryAfterSeconds)
    {
        Outcome = outcome;
        Closest = closest;
        Remaining = remaining;
        ResetSeconds = resetSeconds;
        Violated = violated;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>What was decided.</summary>
    public RateLimitOutcome Outcome { get; }

    /// <summary>True when the request goes on (counted or, with the limiter unreachable, unchecked).</summary>
    public bool IsAdmitted => Outcome is RateLimitOutcome.Admitted or RateLimitOutcome.AdmittedUnchecked;

    /// <summary>The policy the <c>RateLimit</c> field reports: the one closest to exhaustion, or when refused the one the client waits for.</summary>
    public RateLimitPolicy? Closest { get; }

    /// <summary>Units left in <see cref="Closest"/>'s current window.</summary>
    public long Remaining { get; }

    /// <summary>Whole seconds until <see cref="Closest"/>'s window ends.</summary>
    public long ResetSeconds { get; }

    /// <summary>When refused, every policy that refused; otherwise null.</summary>
    public IReadOnlyList<RateLimitPolicy>? Violated { get; }

    /// <summary>Whole seconds, rounded up, until every violated window has ended.</summary>
    public long RetryAfterSeconds { get; }

    /// <summary>The backing service cannot be reached and the configured behaviour is to refuse (503 with <c>Retry-After</c>).</summary>
    public static RateLimitDecision Unavailable(long retryAfterSeconds) => new(RateLimitOutcome.Unavailable, null, 0, 0, null, retryAfterSeconds);

    /// <summary>The backing service cannot be reached and the configured behaviour is to admit without counting.</summary>
    public static RateLimitDecision Unchecked { get; } = new(RateLimitOutcome.AdmittedUnchecked, null, 0, 0, null, 0);
}

/// <summary>
/// Accumulates a decision over every policy of a key and its organisation. Both limiters use it, so
/// memory and Redis answer identically for the same counts.
/// </summary>
/// <remarks>
/// Feed it, for one request, every policy of the subject and then of its organisation with the count
/// held in that policy's current window (<see cref="RateLimitPolicy.GetWindow(long)"/>); when no policy
/// refused (<see cref="Rejected"/> is false) add the cost to every counter, then call <see cref="Build"/>.
/// </remarks>
public struct RateLimitDecisionBuilder
{
    private readonly long _nowMs;
    private readonly long _cost;
    private List<RateLimitPolicy>? _violated;
    private long _retryAfterMs;
    private RateLimitPolicy? _closest;
    private long _closestRemaining;
    private long _closestResetMs;
    private bool _quotaViolated;
    private RateLimitPolicy? _worst;
    private long _worstRemaining;

    /// <summary>Starts a decision at <paramref name="nowMs"/> (Unix milliseconds) for a request of <paramref name="cost"/> units.</summary>
    public RateLimitDecisionBuilder(long nowMs, long cost)
    {
        _nowMs = nowMs;
        _cost = cost;
        _closestRemaining = long.MaxValue;
    }

    /// <summary>True once a policy has refused the request.</summary>
    public readonly bool Rejected => _violated is not null;

    /// <summary>Looks at one policy whose current window holds <paramref name="count"/> units and ends at <paramref name="endMs"/>; false when it refuses the request.</summary>
    public bool Observe(RateLimitPolicy policy, long count, long endMs)
    {
        var resetMs = endMs - _nowMs;
        if (count + _cost > policy.Limit)
        {
            (_violated ??= []).Add(policy);
            _quotaViolated |= policy.IsQuota;
            if (_worst is null || resetMs > _retryAfterMs)
            {
                // The violated policy that frees last is the one the client waits for.
                _worst = policy;
                _worstRemaining = Math.Max(0, policy.Limit - count);
                _retryAfterMs = resetMs;
            }

            return false;
        }

        var remaining = policy.Limit - count - _cost;
        if (remaining < _closestRemaining || (remaining == _closestRemaining && resetMs > _closestResetMs))
        {
            _closest = policy;
            _closestRemaining = remaining;
            _closestResetMs = resetMs;
        }

        return true;
    }

    /// <summary>The decision over every policy observed.</summary>
    public readonly RateLimitDecision Build()
    {
        if (_violated is null)
        {
            return new RateLimitDecision(RateLimitOutcome.Admitted, _closest, _closestRemaining == long.MaxValue ? 0 : _closestRemaining, ToSeconds(_closestResetMs), null, 0);
        }

        var retryAfter = ToSeconds(_retryAfterMs);
        return new RateLimitDecision(_quotaViolated ? RateLimitOutcome.QuotaExhausted : RateLimitOutcome.RateLimited, _worst, _worstRemaining, retryAfter, _violated, retryAfter);
    }

    /// <summary>Rounds up, so a client that waits this long never arrives before the window frees.</summary>
    public static long ToSeconds(long milliseconds) => milliseconds <= 0 ? 0 : (milliseconds + 999) / 1000;
}
