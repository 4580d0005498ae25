using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// Reads a key's windows, and its organisation's, from the limiter without counting: the same policies and partitions
/// the rate-limiting middleware would use for a request with the key.
/// </summary>
internal sealed class ApiKeyRateLimitReader(RateLimitPolicyResolver policies, IRampartRateLimiter limiter)
{
    public async Task<ApiKeyRateLimitStatus?> ReadAsync(ApiKeyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!policies.Enabled)
        {
            return null;
        }

        var (keyPolicies, organizationPolicies) = policies.Resolve(record.Id, record.Tier, record.Organization);
        var subject = new RateLimitSubject(record.Id, record.Organization, keyPolicies, organizationPolicies, Cost: 1);
        var states = await limiter.PeekAsync(subject, cancellationToken).ConfigureAwait(false);

        // A limiter that answers with another number of windows than asked cannot be matched to them: unknown.
        var organizationCount = organizationPolicies?.Count ?? 0;
        if (states is not null && states.Count != keyPolicies.Count + organizationCount)
        {
            states = null;
        }

        return new ApiKeyRateLimitStatus
        {
            Available = states is not null,
            Key = [.. keyPolicies.Policies.Select((p, i) => RateLimitWindowView.From(p, states?[i]))],
            Organization = organizationPolicies is null
                ? []
                : [.. organizationPolicies.Policies.Select((p, i) => RateLimitWindowView.From(p, states?[keyPolicies.Count + i]))],
        };
    }
}
