using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authorization;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// What an endpoint's authorization asks of a request, when all of it is Rampart's: an authenticated
/// user, scopes and the organisation binding. Made once per endpoint (its metadata never change).
/// </summary>
internal sealed class EndpointPlan(ScopeRequirement[] scopes, OrganizationRequirement[] organizations, OrganizationAuthorizationHandler organizationCheck)
{
    /// <summary>
    /// Whether every requirement holds for the key's principal: exactly when the framework's
    /// authorization, with only Rampart's handlers registered, would succeed.
    /// </summary>
    public bool IsMetBy(HttpContext context, ClaimsPrincipal user)
    {
        foreach (var requirement in scopes)
        {
            if (!ScopeAuthorizationHandler.IsMet(user, requirement))
            {
                return false;
            }
        }

        foreach (var requirement in organizations)
        {
            if (!organizationCheck.IsMet(context, requirement))
            {
                return false;
            }
        }

        return true;
    }
}
