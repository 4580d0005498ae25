namespace Rampart.AspNetCore.RateLimiting;

/// <summary>One policy's current window as a read shows it: what is left of it and when it ends.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Remaining">Units left in the current window (never below 0).</param>
/// <param name="ResetsAt">When the current window ends and the policy admits <see cref="RateLimitPolicy.Limit"/> again.</param>
public readonly record struct RateLimitWindowState(RateLimitPolicy Policy, long Remaining, DateTimeOffset ResetsAt)
{
    /// <summary>The state of <paramref name="policy"/> whose current window holds <paramref name="count"/> units and ends at <paramref name="endMs"/> (Unix milliseconds).</summary>
    public static RateLimitWindowState FromCount(RateLimitPolicy policy, long count, long endMs)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RateLimitWindowState(policy, Math.Max(0, policy.Limit - count), DateTimeOffset.FromUnixTimeMilliseconds(endMs));
    }
}
