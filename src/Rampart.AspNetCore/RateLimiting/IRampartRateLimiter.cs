namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// The contract of Rampart's rate limiter: checks every policy of a request's subject (and of its
/// organisation) and, only when all admit the request, counts it in all of them, atomically. A refused
/// request counts nowhere.
/// </summary>
/// <remarks>
/// Rampart ships two implementations: an in-memory one (the default, one instance) and one on Redis
/// (<c>AddRampartRedisRateLimits</c> in Rampart.Redis). To use another, implement this interface and
/// register it with <c>services.AddRampartRateLimiter&lt;TLimiter&gt;()</c>, before or after
/// <c>AddRampart</c>. Rampart's middleware still resolves the policies, writes the <c>RateLimit-Policy</c>
/// and <c>RateLimit</c> fields and the 429/503 problem bodies from the returned decision; the limiter
/// only counts. <see cref="RateLimitDecisionBuilder"/> turns counts into a decision exactly as Rampart's
/// own limiters do. A limiter that also implements
/// <see cref="Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck"/> is asked by the
/// <c>rampart-rate-limiter</c> health check.
/// The limiter is a singleton called concurrently for every limited request: it must be thread-safe,
/// and should not throw: when its backing service is unreachable it returns
/// <see cref="RateLimitDecision.Unavailable(long)"/> (refuse) or <see cref="RateLimitDecision.Unchecked"/> (admit).
/// </remarks>
public interface IRampartRateLimiter
{
    /// <summary>Decides one request of <paramref name="subject"/>, counting it when admitted.</summary>
    ValueTask<RateLimitDecision> AcquireAsync(RateLimitSubject subject, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, without counting anything, the current window of every policy of <paramref name="subject"/> and then
    /// of its organisation, in that order (<see cref="RateLimitSubject.Cost"/> is ignored). Rampart shows it in a
    /// key's view to administrators.
    /// </summary>
    /// <returns>
    /// One state per policy, or <see langword="null"/> when the limiter cannot tell: the default, for limiters that do
    /// not implement it, and Rampart's Redis limiter while Redis does not answer. Null is shown as "unavailable", never as 0.
    /// </returns>
    ValueTask<IReadOnlyList<RateLimitWindowState>?> PeekAsync(RateLimitSubject subject, CancellationToken cancellationToken)
        => ValueTask.FromResult<IReadOnlyList<RateLimitWindowState>?>(null);
}
