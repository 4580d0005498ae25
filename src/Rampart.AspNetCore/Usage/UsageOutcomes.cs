using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.Usage;

/// <summary>
/// The outcome a request is counted under, read from what its audit record carries (the status) and
/// why authentication refused the key, if it did. Each is a constant string, so counting allocates nothing.
/// </summary>
public static class UsageOutcomes
{
    /// <summary>Rampart let the request through (whatever the app then answered).</summary>
    public const string Allowed = "allowed";

    /// <summary>Refused with 429: a rate limit or a quota.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Answered 503: a store Rampart depends on (keys, the shared rate limiter) could not be reached.</summary>
    public const string StoreFailure = "store_failure";

    /// <summary>Refused with 403: a scope or the organisation the endpoint needs.</summary>
    public const string Forbidden = "rejected.forbidden";

    /// <summary>The prefix of the rejections by authentication reason, such as <c>rejected.expired_key</c>.</summary>
    public const string RejectedPrefix = "rejected.";

    // Indexed by ApiKeyFailureReason, built once: "rejected." + the failure's problem code.
    private static readonly string[] Rejections = Enum.GetValues<ApiKeyFailureReason>()
        .Select(reason => RejectedPrefix + ApiKeyFailureDescription.For(reason).Code)
        .ToArray();

    /// <summary>The outcome of a request with <paramref name="statusCode"/>, refused by authentication for <paramref name="failure"/> if not null.</summary>
    public static string Of(int statusCode, ApiKeyFailureReason? failure)
    {
        if (failure is { } reason)
        {
            return reason == ApiKeyFailureReason.StoreUnavailable ? StoreFailure : Rejections[(int)reason];
        }

        return statusCode switch
        {
            429 => RateLimited,
            503 => StoreFailure,
            403 => Forbidden,
            _ => Allowed,
        };
    }
}
