namespace Rampart.AspNetCore.RateLimiting;

/// <summary>How many request units a call to the endpoint consumes in every window and quota (default 1).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RateLimitCostAttribute : Attribute
{
    /// <summary>Sets the cost.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="cost"/> is below 1.</exception>
    public RateLimitCostAttribute(int cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        Cost = cost;
    }

    /// <summary>The request units one call consumes.</summary>
    public int Cost { get; }
}

/// <summary>Exempts the endpoint from Rampart rate limits and quotas (health checks, for instance).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ExemptFromRateLimitsAttribute : Attribute;
