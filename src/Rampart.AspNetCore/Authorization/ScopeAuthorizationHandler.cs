using Microsoft.AspNetCore.Authorization;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authorization;

/// <summary>Succeeds a <see cref="ScopeRequirement"/> when the principal's scope claims cover every required scope.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        foreach (var required in requirement.Scopes)
        {
            if (!IsGranted(context, required))
            {
                // Left pending rather than failed: the result handler reads pending scope requirements
                // to name them in the 403.
                return Task.CompletedTask;
            }
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static bool IsGranted(AuthorizationHandlerContext context, string required)
    {
        foreach (var identity in ClaimsWalk.IdentitiesOf(context.User))
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
