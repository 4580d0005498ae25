namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// One alert: a rate that crossed a multiple of its baseline, or a leaked key reported by a secret scanner.
/// It names keys and organisations by id only; it never holds a key, a key name or an owner.
/// </summary>
public sealed record RampartAlert
{
    /// <summary>A random id, the same on every delivery attempt, so receivers can drop duplicates.</summary>
    public required string Id { get; init; }

    /// <summary>When the alert was raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>What was measured.</summary>
    public required AlertSignal Signal { get; init; }

    /// <summary>
    /// The fixed code of what was counted: a refusal reason (<c>unknown_key</c>, <c>revoked_key</c>, <c>insufficient_scope</c>, ...),
    /// a limit (<c>rate_limited</c>, <c>quota_exhausted</c>, <c>failed_keys</c>), a store (<c>key_store_unavailable</c>,
    /// <c>rate_limit_store_unavailable</c>), or <c>leaked_key</c>.
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>Whose rate it is: every request, one organisation's, or one key's.</summary>
    public required AlertScope Scope { get; init; }

    /// <summary>The organisation, for organisation and key alerts.</summary>
    public string? Organization { get; init; }

    /// <summary>The key's public id, for key alerts.</summary>
    public string? KeyId { get; init; }

    /// <summary>The multiple of the baseline crossed (3, 5, 10 by default); 0 for a leaked key.</summary>
    public double Multiple { get; init; }

    /// <summary>Events counted in the current minute when the alert was raised.</summary>
    public double RatePerMinute { get; init; }

    /// <summary>The learned baseline, per minute (never below the configured minimum).</summary>
    public double BaselinePerMinute { get; init; }

    /// <summary>Further facts for a leaked key (the action taken, where it was found); never a secret.</summary>
    public string? Details { get; init; }
}

/// <summary>What an alert measures.</summary>
public enum AlertSignal
{
    /// <summary>Authentication or authorization refusals of one reason.</summary>
    Rejections = 0,

    /// <summary>429 answers: rate limits, quotas, the failed-key limit.</summary>
    RateLimited,

    /// <summary>The key store or the rate-limit store failing.</summary>
    StoreFailures,

    /// <summary>A secret scanner reported one of the app's keys as public.</summary>
    LeakedKey,
}

/// <summary>Whose rate an alert is about.</summary>
public enum AlertScope
{
    /// <summary>Every request, whatever key it carried (including requests with no valid key).</summary>
    All = 0,

    /// <summary>One organisation's keys.</summary>
    Organization,

    /// <summary>One key.</summary>
    Key,
}
