using System.Text.Json.Serialization;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// What is left of a key's rate-limit windows and quota, and of its organisation's, as the limiter counts them
/// now. Reading it counts nothing.
/// </summary>
public sealed record ApiKeyRateLimitStatus
{
    /// <summary>
    /// False when the limiter cannot read its counters: an app's own limiter that does not implement
    /// <see cref="IRampartRateLimiter.PeekAsync"/>, or Redis not answering. Every <see cref="RateLimitWindowView.Remaining"/>
    /// and <see cref="RateLimitWindowView.ResetsAt"/> is then null: unknown, not zero.
    /// </summary>
    public required bool Available { get; init; }

    /// <summary>The key's own windows (its tier's, with its overrides), shortest first, then its quota.</summary>
    public required IReadOnlyList<RateLimitWindowView> Key { get; init; }

    /// <summary>The windows shared by every key of the key's organisation.</summary>
    public required IReadOnlyList<RateLimitWindowView> Organization { get; init; }
}

/// <summary>One window or quota of a key or organisation.</summary>
public sealed record RateLimitWindowView
{
    /// <summary>The policy name, as in the <c>RateLimit-Policy</c> header (<c>org.</c> for the organisation's).</summary>
    public required string Name { get; init; }

    /// <summary>True for a quota (exhausting it answers <c>quota_exhausted</c>), false for a rate window.</summary>
    public required bool Quota { get; init; }

    /// <summary>The units admitted per window.</summary>
    public required long Limit { get; init; }

    /// <summary>The window length in seconds; null for a calendar-month quota.</summary>
    public long? WindowSeconds { get; init; }

    /// <summary>Units left in the current window; null when the limiter cannot tell.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? Remaining { get; init; }

    /// <summary>When the current window ends; null when the limiter cannot tell.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? ResetsAt { get; init; }

    internal static RateLimitWindowView From(RateLimitPolicy policy, RateLimitWindowState? state) => new()
    {
        Name = policy.Name,
        Quota = policy.IsQuota,
        Limit = policy.Limit,
        WindowSeconds = policy.IsCalendarMonth ? null : policy.WindowSeconds,
        Remaining = state?.Remaining,
        ResetsAt = state?.ResetsAt,
    };
}
