using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// In place of the framework's authentication and authorization middleware for a request whose
/// endpoint asks only what Rampart checks: verifies the key, and when it is accepted and meets the
/// endpoint's scopes and organisation binding, sets what the framework's middleware would set and
/// goes on to the rate limiter. Any other request (no key, a refused key, a requirement not met, an
/// endpoint with other authorization) goes through the framework's middleware, unchanged; a key
/// already verified is not verified again there, because the scheme's handler reuses its result.
/// </summary>
internal sealed class OneStepMiddleware(RequestDelegate framework, RequestDelegate limitThenEndpoint, ApiKeyAuthenticator authenticator, EndpointPlans plans)
{
    // The endpoint middleware refuses an endpoint with authorization metadata unless this item says
    // authorization has run; the framework's authorization middleware sets the same.
    private static readonly object AuthorizationRan = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint || plans.For(endpoint) is not { } plan)
        {
            return framework(context);
        }

        var pending = authenticator.AuthenticateKeyAsync(context, RampartDefaults.AuthenticationScheme);
        return pending.IsCompletedSuccessfully
            ? Continue(context, plan, pending.Result)
            : AwaitThenContinue(context, plan, pending);
    }

    private async Task AwaitThenContinue(HttpContext context, EndpointPlan plan, ValueTask<ApiKeyAuthenticationFeature?> pending)
        => await Continue(context, plan, await pending.ConfigureAwait(false)).ConfigureAwait(false);

    private Task Continue(HttpContext context, EndpointPlan plan, ApiKeyAuthenticationFeature? key)
    {
        if (key?.Principal is not { } principal || !plan.IsMetBy(context, principal))
        {
            // Challenges, refusals and their bodies are the framework's and Rampart's handlers' own.
            return framework(context);
        }

        // One object for the three features the framework's middleware sets (the authentication
        // feature, the user and the result).
        var features = new OneStepAuthenticationFeatures(key, context.Request);
        context.Features.Set<IAuthenticationFeature>(features);
        context.Features.Set<IHttpAuthenticationFeature>(features);
        context.Features.Set<IAuthenticateResultFeature>(features);
        SetAuthorizationRan(context);
        return limitThenEndpoint(context);
    }

    // With no items feature yet, nothing before this point has read or set HttpContext.Items (the
    // context makes the feature, and sets it, on the first use), so no one holds the framework's
    // items object: the request's items start here as one that keeps this entry in fields instead
    // of a feature, a wrapper and a dictionary. Otherwise the entry goes into the items there are.
    private static void SetAuthorizationRan(HttpContext context)
    {
        if (context.Features.Get<IItemsFeature>() is null)
        {
            context.Features.Set<IItemsFeature>(new OneStepItems(AuthorizationRan));
        }
        else
        {
            context.Items[OneStepItems.AuthorizationRanKey] = AuthorizationRan;
        }
    }
}
