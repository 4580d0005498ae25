using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Rate-limit events. Refusals are authentication-layer events and are logged in the
/// <c>Rampart.Authentication</c> category; keys appear by id and name only, never by value.
/// </summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(1100, LogLevel.Information, "Rate limit exceeded for key {KeyId} ({KeyName}), organization {Organization}: {Policies}. Retry after {RetryAfterSeconds} s.", EventName = "RateLimitExceeded")]
    public static partial void RateLimited(ILogger logger, string keyId, string? keyName, string? organization, string policies, long retryAfterSeconds);

    [LoggerMessage(1101, LogLevel.Information, "Quota exhausted for key {KeyId} ({KeyName}), organization {Organization}: {Policies}. Refilled in {RetryAfterSeconds} s.", EventName = "RateLimitQuotaExhausted")]
    public static partial void QuotaExhausted(ILogger logger, string keyId, string? keyName, string? organization, string policies, long retryAfterSeconds);

    [LoggerMessage(1102, LogLevel.Warning, "Request of key {KeyId} ({KeyName}) refused: the rate limiter is unavailable and configured to fail closed.", EventName = "RateLimiterUnavailable")]
    public static partial void Unavailable(ILogger logger, string keyId, string? keyName);

    [LoggerMessage(1103, LogLevel.Warning, "Request carrying a key refused before verification: its client network is over the failed-key limit. Retry after {RetryAfterSeconds} s.", EventName = "FailedKeysLimited")]
    public static partial void FailedKeysLimited(ILogger logger, long retryAfterSeconds);

    [LoggerMessage(1104, LogLevel.Information, "Rate limit exceeded for {Subject}: {Policies}. Retry after {RetryAfterSeconds} s.", EventName = "RateLimitExceededWithoutKey")]
    public static partial void SubjectLimited(ILogger logger, string subject, string policies, long retryAfterSeconds);
}
