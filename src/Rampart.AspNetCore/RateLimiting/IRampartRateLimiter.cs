namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Who is asking and what the request costs.</summary>
internal readonly record struct RateLimitSubject(
    string KeyId,
    string? Organization,
    RateLimitPolicySet KeyPolicies,
    RateLimitPolicySet? OrganizationPolicies,
    long Cost);

/// <summary>
/// Checks every policy of a key and its organisation and, only when all admit the request, counts it
/// in all of them, atomically. A refused request counts nowhere.
/// </summary>
internal interface IRampartRateLimiter
{
    ValueTask<RateLimitDecision> AcquireAsync(RateLimitSubject subject, CancellationToken cancellationToken);
}
