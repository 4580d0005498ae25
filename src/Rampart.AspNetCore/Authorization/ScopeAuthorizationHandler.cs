using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authorization;

/// <summary>Succeeds a <see cref="ScopeRequirement"/> when the principal's scope claims cover every required scope.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        // Left pending rather than failed when not met: the result handler reads pending scope
        // requirements to name them in the 403.
        if (IsMet(context.User, requirement))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether <paramref name="user"/> holds every scope of <paramref name="requirement"/>; the one-step path asks the same.</summary>
    public static bool IsMet(ClaimsPrincipal user, ScopeRequirement requirement)
    {
        var scopes = requirement.Scopes;
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!IsGranted(user, scopes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGranted(ClaimsPrincipal user, string required)
    {
        foreach (var identity in ClaimsWalk.IdentitiesOf(user))
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            foreach (var claim in ClaimsWalk.ClaimsOf(identity))
            {
                if (claim.Type == RampartClaimTypes.Scope && ApiScope.Covers(claim.Value, required))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
