namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Who is asking, under which policies, and what the request costs.</summary>
/// <param name="Partition">
/// The counter the request is charged to: a key id for requests with a Rampart key; for other schemes'
/// principals and anonymous callers an opaque name (a hash or a pseudonym, never the claim or address itself).
/// </param>
/// <param name="Organization">The key's organisation, or null (other principals and anonymous callers have none).</param>
/// <param name="Policies">The policies of <paramref name="Partition"/>.</param>
/// <param name="OrganizationPolicies">The policies shared by every key of <paramref name="Organization"/>, or null.</param>
/// <param name="Cost">How many units the request takes from every policy (1 unless the endpoint says otherwise).</param>
public readonly record struct RateLimitSubject(
    string Partition,
    string? Organization,
    RateLimitPolicySet Policies,
    RateLimitPolicySet? OrganizationPolicies,
    long Cost);
