using System.Globalization;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// The fields of draft-ietf-httpapi-ratelimit-headers-11, as RFC 9651 structured fields:
/// <c>RateLimit-Policy</c> is a List of Quota Policy Items (<c>"name";q=100;w=60</c>), and
/// <c>RateLimit</c> a List holding the Item of the policy closest to exhaustion
/// (<c>"name";r=42;t=17</c>). Names are restricted to letters, digits, <c>-</c>, <c>_</c> and
/// <c>.</c> by validation, so they need no escaping inside the String.
/// </summary>
internal static class RateLimitHeaders
{
    public const string PolicyHeaderName = "RateLimit-Policy";
    public const string RateLimitHeaderName = "RateLimit";

    public static string Policy(RateLimitPolicySet key, RateLimitPolicySet? organization)
        => organization is null || organization.Count == 0 ? key.PolicyHeader
            : key.Count == 0 ? organization.PolicyHeader
            : key.PolicyHeaderWith(organization);

    public static string RateLimit(RateLimitPolicy policy, long remaining, long resetSeconds)
        => string.Create(CultureInfo.InvariantCulture, $"\"{policy.Name}\";r={remaining};t={resetSeconds}");
}
