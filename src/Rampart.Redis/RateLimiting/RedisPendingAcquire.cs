using Rampart.AspNetCore.RateLimiting;

namespace Rampart.Redis.RateLimiting;

/// <summary>A request waiting for its decision from Redis: the breaker's epoch it was admitted under, and when it started waiting.</summary>
internal sealed class RedisPendingAcquire(RateLimitSubject subject, long epoch, long queuedAt)
    : TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public RateLimitSubject Subject { get; } = subject;

    public long Epoch { get; } = epoch;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which it was queued.</summary>
    public long QueuedAt { get; } = queuedAt;
}
