using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Management;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Succeeds an <see cref="OrganizationRequirement"/> when the request's Rampart key belongs to the
/// organisation the request names (compared exactly), or, where allowed, holds the operator authority.
/// Runs before the endpoint's handler, so a handler never sees another organisation's request.
/// </summary>
internal sealed class OrganizationAuthorizationHandler(IOptions<RampartOptions> options) : AuthorizationHandler<OrganizationRequirement>
{
    private readonly ManagementOptions _management = options.Value.Management;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationRequirement requirement)
    {
        // Under endpoint routing (minimal APIs and controllers alike) the resource is the request.
        if (context.Resource is HttpContext http && IsMet(http, requirement))
        {
            context.Succeed(requirement);
        }

        // Otherwise left pending: the result handler answers 403 organization_mismatch.
        return Task.CompletedTask;
    }

    /// <summary>Whether the request's key belongs to the organisation it names; the one-step path asks the same.</summary>
    public bool IsMet(HttpContext http, OrganizationRequirement requirement)
    {
        // The record the key verified to, as GetRampartKey() reads it, without a wrapper per request.
        if (http.Features.Get<IApiKeyAuthenticationFeature>() is not { Failure: null, Record: { } key })
        {
            return false;
        }

        var named = requirement.Resolve(http);
        return (named is not null && string.Equals(key.Organization, named, StringComparison.Ordinal))
            || (requirement.AllowOperators && ManagementActor.HoldsOperator(key.EffectiveScopes ?? key.Scopes, _management));
    }
}
