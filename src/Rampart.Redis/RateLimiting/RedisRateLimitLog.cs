using Microsoft.Extensions.Logging;

namespace Rampart.Redis.RateLimiting;

/// <summary>Events of the Redis limiter's circuit breaker (category <c>Rampart.RateLimiting</c>).</summary>
internal static partial class RedisRateLimitLog
{
    public const string Category = "Rampart.RateLimiting";

    [LoggerMessage(1110, LogLevel.Error, "Redis rate limiting failed {Failures} times in a row; the circuit is open, Redis is probed again in {BreakSeconds} s, and requests are handled by: {FailureMode}.", EventName = "RedisRateLimiterCircuitOpened")]
    public static partial void CircuitOpened(ILogger logger, int failures, double breakSeconds, RedisFailureMode failureMode, Exception? exception);

    [LoggerMessage(1111, LogLevel.Information, "Redis rate limiting recovered; the circuit is closed.", EventName = "RedisRateLimiterCircuitClosed")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(1112, LogLevel.Warning, "A Redis rate-limit call failed; handled by: {FailureMode}.", EventName = "RedisRateLimiterCallFailed")]
    public static partial void CallFailed(ILogger logger, RedisFailureMode failureMode, Exception exception);

    [LoggerMessage(1113, LogLevel.Warning, "The probe of the open Redis circuit failed; the next probe is in {BreakSeconds} s.", EventName = "RedisRateLimiterProbeFailed")]
    public static partial void ProbeFailed(ILogger logger, double breakSeconds, Exception? exception);

    [LoggerMessage(1114, LogLevel.Warning, "Reading a key's rate-limit windows from Redis failed; the key's view shows them as unavailable.", EventName = "RedisRateLimiterPeekFailed")]
    public static partial void PeekFailed(ILogger logger, Exception exception);
}
