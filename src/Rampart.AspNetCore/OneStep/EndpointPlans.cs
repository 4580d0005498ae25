using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authorization;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// Decides once per endpoint whether it can be served in one step, and remembers the answer: an
/// endpoint's metadata are immutable, and an endpoint that a dynamic data source drops is forgotten
/// with it.
/// </summary>
internal sealed class EndpointPlans(IAuthorizationPolicyProvider policies, OrganizationAuthorizationHandler organizationCheck)
{
    private static readonly EndpointPlan NotOneStep = new([], [], null!);
    private readonly ConditionalWeakTable<Endpoint, EndpointPlan> _plans = [];

    /// <summary>The endpoint's plan, or <see langword="null"/> when the framework's middleware must judge its requests.</summary>
    public EndpointPlan? For(Endpoint endpoint)
    {
        if (!_plans.TryGetValue(endpoint, out var plan))
        {
            plan = _plans.GetValue(endpoint, Decide);
        }

        return ReferenceEquals(plan, NotOneStep) ? null : plan;
    }

    private EndpointPlan Decide(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;

        // [AllowAnonymous] lets refused credentials through to the endpoint: the framework's path decides.
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return NotOneStep;
        }

        // The policy the authorization middleware combines for this endpoint, from the same inputs.
        // The default provider answers synchronously; the conditions allow only that one.
        var combining = AuthorizationPolicy.CombineAsync(
            policies,
            metadata.GetOrderedMetadata<IAuthorizeData>(),
            metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (!combining.IsCompletedSuccessfully)
        {
            return NotOneStep;
        }

        var policy = combining.Result;
        if (policy is { AuthenticationSchemes.Count: > 0 })
        {
            // Naming a scheme makes the policy authenticate again and merge principals.
            return NotOneStep;
        }

        // Requirements attached as metadata are counted too, whether or not the combination includes
        // them: a plan that asks more than the framework only sends more requests to the framework.
        var requirements = (policy?.Requirements ?? []).Concat(
            metadata.GetOrderedMetadata<IAuthorizationRequirementData>().SelectMany(data => data.GetRequirements()));
        var scopes = new List<ScopeRequirement>();
        var organizations = new List<OrganizationRequirement>();
        foreach (var requirement in requirements)
        {
            switch (requirement)
            {
                case DenyAnonymousAuthorizationRequirement:
                    // A key's principal is authenticated.
                    break;
                case ScopeRequirement scope:
                    if (!scopes.Contains(scope))
                    {
                        scopes.Add(scope);
                    }

                    break;
                case OrganizationRequirement organization:
                    if (!organizations.Contains(organization))
                    {
                        organizations.Add(organization);
                    }

                    break;
                default:
                    // Anyone else's requirement (claims, roles, assertions, the app's own) is the framework's.
                    return NotOneStep;
            }
        }

        return new EndpointPlan([.. scopes], [.. organizations], organizationCheck);
    }
}
