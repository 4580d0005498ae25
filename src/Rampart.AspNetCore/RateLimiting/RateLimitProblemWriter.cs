using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Problems;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Writes refusals: 429 with <c>Retry-After</c> and an RFC 9457 problem body naming the violated
/// policies (or 503 when the shared limiter is down and configured to fail closed).
/// </summary>
internal static class RateLimitProblemWriter
{
    public const string RateLimitedType = ApiKeyFailureDescription.ProblemTypeBase + "rate-limited";
    public const string QuotaExhaustedType = ApiKeyFailureDescription.ProblemTypeBase + "quota-exhausted";
    public const string UnavailableType = ApiKeyFailureDescription.ProblemTypeBase + "rate-limiter-unavailable";

    public static async Task WriteAsync(HttpContext context, RateLimitDecision decision)
    {
        var response = context.Response;
        var (type, code, status, title, detail) = decision.Outcome switch
        {
            RateLimitOutcome.QuotaExhausted => (QuotaExhaustedType, "quota_exhausted", StatusCodes.Status429TooManyRequests, "Quota exhausted",
                "The key's quota for this period is used up. It is refilled after the time given in Retry-After."),
            RateLimitOutcome.Unavailable => (UnavailableType, "rate_limiter_unavailable", StatusCodes.Status503ServiceUnavailable, "Rate limiting unavailable",
                "Request limits cannot be checked right now. Retry after the time given in Retry-After."),
            _ when decision.Closest is { Scope: RateLimitScope.Address } policy && policy.Name.StartsWith("failed.", StringComparison.Ordinal)
                => (RateLimitedType, "rate_limited", StatusCodes.Status429TooManyRequests, "Too many failed keys",
                "Too many requests from this network carried keys that were not accepted. Check the key, then retry after the time given in Retry-After."),
            _ when decision.Closest is { Scope: RateLimitScope.Address or RateLimitScope.Principal }
                => (RateLimitedType, "rate_limited", StatusCodes.Status429TooManyRequests, "Too many requests",
                "A rate limit of this caller is exhausted. Retry after the time given in Retry-After."),
            _ => (RateLimitedType, "rate_limited", StatusCodes.Status429TooManyRequests, "Too many requests",
                "A rate limit of the key or its organization is exhausted. Retry after the time given in Retry-After."),
        };

        response.StatusCode = status;
        response.Headers.RetryAfter = Math.Max(1, decision.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);

        var problem = RampartProblemWriter.Create(type, title, status, detail, code);
        problem.Extensions["retry_after"] = Math.Max(1, decision.RetryAfterSeconds);
        if (decision.Violated is { } violated)
        {
            problem.Extensions["violated_policies"] = violated.Select(static policy =>
            {
                var entry = new Dictionary<string, object?>
                {
                    ["name"] = policy.Name,
                    ["scope"] = policy.Scope switch
                    {
                        RateLimitScope.Key => "key",
                        RateLimitScope.Organization => "organization",
                        RateLimitScope.Principal => "principal",
                        _ => "address",
                    },
                    ["limit"] = policy.Limit,
                };
                if (policy.IsCalendarMonth)
                {
                    entry["period"] = "month";
                }
                else
                {
                    entry["window"] = policy.WindowSeconds;
                }

                return entry;
            }).ToArray();
        }

        await RampartProblemWriter.For(context).WriteAsync(context, problem).ConfigureAwait(false);
    }
}
