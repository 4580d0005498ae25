namespace Rampart.Redis.RateLimiting;

/// <summary>
/// The Redis-backed rate limiter (<c>Rampart:RateLimits:Redis</c>): limits shared by every instance
/// of the app, in one round trip per request.
/// </summary>
/// <remarks>
/// When Redis cannot be reached, <see cref="FailureMode"/> decides, and a circuit breaker stops
/// calling Redis after <see cref="FailureThreshold"/> consecutive failures for
/// <see cref="BreakDuration"/>, so a dead Redis adds no per-request timeout.
/// </remarks>
public sealed class RedisRateLimitOptions
{
    /// <summary>The configuration section bound.</summary>
    public const string SectionName = "Rampart:RateLimits:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis1:6379,redis2:6379,password=...</c>. Required.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every Redis key Rampart writes. Default <c>rampart:rl:</c>.</summary>
    public string KeyPrefix { get; set; } = "rampart:rl:";

    /// <summary>What happens while Redis is unreachable. Default: fall back to the in-memory limiter.</summary>
    public RedisFailureMode FailureMode { get; set; } = RedisFailureMode.FallbackToMemory;

    /// <summary>Consecutive failures (errors or timeouts) that open the circuit. Default 3.</summary>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>
    /// The longest the open circuit skips Redis between two probes. Probes start after
    /// <see cref="FirstProbeDelay"/> and double up to this. Default 15 seconds.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How soon after the circuit opens one request probes Redis. Default 500 ms.</summary>
    public TimeSpan FirstProbeDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many app instances share the limits. While Redis does not answer, each instance admits at
    /// most <c>limit / InstanceCount</c> per window (and never more than Redis last reported left), so
    /// the instances together stay within the limit. Set it to the number of instances. Default 1.
    /// </summary>
    public int InstanceCount { get; set; } = 1;

    /// <summary>How long one Redis call may take before it counts as a failure. Default 250 ms.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>What the Redis limiter does while Redis is unreachable.</summary>
public enum RedisFailureMode
{
    /// <summary>
    /// Enforce the limits in memory, each instance within its share of the limit and what Redis last
    /// reported left (the default).
    /// </summary>
    FallbackToMemory,

    /// <summary>Admit every request, unlimited, without rate-limit headers.</summary>
    FailOpen,

    /// <summary>Refuse every request with 503 and <c>Retry-After</c>.</summary>
    FailClosed,
}
