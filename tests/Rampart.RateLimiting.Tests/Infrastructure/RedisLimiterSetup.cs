using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.RateLimiting;
using Rampart.Redis.RateLimiting;

namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>
/// The policies and the limiter the Redis tests run against a real redis-server: a key's burst window and
/// calendar month, an organisation's window, each long enough that a test never sees a window end.
/// </summary>
internal static class RedisLimiterSetup
{
    /// <summary>A window length (seconds) no test outlives.</summary>
    public const long Long = 1_000_000;

    public static readonly RateLimitPolicySet KeyPolicies = new(
    [
        new RateLimitPolicy("burst", RateLimitScope.Key, false, 15, Long),
        new RateLimitPolicy("month", RateLimitScope.Key, true, 1000, RateLimitPolicy.MonthPeriod),
    ]);

    public static readonly RateLimitPolicySet OrganizationPolicies = new(
    [
        new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 20, Long),
    ]);

    /// <summary>A request of a key (and its organisation, when given) under the policies above.</summary>
    public static RateLimitSubject Subject(string partition, string? organization, long cost = 1)
        => new(partition, organization, KeyPolicies, organization is null ? null : OrganizationPolicies, cost);

    public static RedisRateLimiter Limiter(string configuration, TimeProvider? time = null, RedisFailureMode mode = RedisFailureMode.FallbackToMemory)
        => new(Options.Create(new RedisRateLimitOptions { Configuration = configuration, Timeout = TimeSpan.FromSeconds(30), FailureMode = mode }), time ?? TimeProvider.System, NullLoggerFactory.Instance);
}
