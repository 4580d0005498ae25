using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;

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
        response.ContentType = ApiKeyProblemWriter.ProblemContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.RetryAfter = Math.Max(1, decision.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);

        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteString("code", code);
            writer.WriteNumber("retry_after", Math.Max(1, decision.RetryAfterSeconds));
            if (decision.Violated is { } violated)
            {
                writer.WriteStartArray("violated_policies");
                foreach (var policy in violated)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", policy.Name);
                    writer.WriteString("scope", policy.Scope switch
                    {
                        RateLimitScope.Key => "key",
                        RateLimitScope.Organization => "organization",
                        RateLimitScope.Principal => "principal",
                        _ => "address",
                    });
                    writer.WriteNumber("limit", policy.Limit);
                    if (policy.IsCalendarMonth)
                    {
                        writer.WriteString("period", "month");
                    }
                    else
                    {
                        writer.WriteNumber("window", policy.WindowSeconds);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
