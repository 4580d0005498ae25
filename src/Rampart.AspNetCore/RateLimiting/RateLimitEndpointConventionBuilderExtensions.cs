using Rampart.AspNetCore.RateLimiting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Rate-limit conventions for endpoints.</summary>
public static class RateLimitEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Each call to the endpoint consumes <paramref name="cost"/> request units in every window and
    /// quota of the key and its organisation. Checked here, so a mistake fails at start-up.
    /// </summary>
    public static TBuilder RateLimitCost<TBuilder>(this TBuilder builder, int cost)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var attribute = new RateLimitCostAttribute(cost);
        builder.Add(endpoint => endpoint.Metadata.Add(attribute));
        return builder;
    }

    /// <summary>Exempts the endpoint from Rampart rate limits and quotas; its responses carry no rate-limit fields.</summary>
    public static TBuilder ExemptFromRateLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var attribute = new ExemptFromRateLimitsAttribute();
        builder.Add(endpoint => endpoint.Metadata.Add(attribute));
        return builder;
    }
}
