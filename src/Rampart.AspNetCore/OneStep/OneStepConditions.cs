using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;

namespace Rampart.AspNetCore.OneStep;

/// <summary>
/// The app-wide conditions under which Rampart may judge a request in one step: Rampart is the only
/// scheme and the default, and every service the framework's authentication and authorization would
/// call is the framework's own (or Rampart's), so what they would conclude is known in advance.
/// Checked once, when the pipeline is built; an app that fails any of them runs the framework's
/// middleware for every request, as if the one-step path did not exist.
/// </summary>
internal static class OneStepConditions
{
    private const string EndpointAsResourceSwitch = "Microsoft.AspNetCore.Authorization.SuppressUseHttpContextAsAuthorizationResource";

    private static readonly HashSet<Type> KnownHandlers =
    [
        typeof(PassThroughAuthorizationHandler),
        typeof(ScopeAuthorizationHandler),
        typeof(OrganizationAuthorizationHandler),
    ];

    /// <summary>Why the one-step path is off for this app, or <see langword="null"/> when it is on.</summary>
    public static string? WhyNot(IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<RampartOptions>>().Value.Authentication.OneStep)
        {
            return "switched off (Rampart:Authentication:OneStep)";
        }

        var authentication = services.GetRequiredService<IOptions<AuthenticationOptions>>().Value;
        if (AuthenticationComposition.OtherSchemesOf(authentication).Any())
        {
            return "another authentication scheme is registered";
        }

        if (!string.Equals(authentication.DefaultAuthenticateScheme ?? authentication.DefaultScheme, RampartDefaults.AuthenticationScheme, StringComparison.Ordinal))
        {
            return "Rampart is not the default authenticate scheme";
        }

        if (AppContext.TryGetSwitch(EndpointAsResourceSwitch, out var endpointAsResource) && endpointAsResource)
        {
            return "authorization resources are endpoints, not requests";
        }

        // Scoped and transient services are resolved in a scope of their own, only to learn their types.
        using var scope = services.CreateScope();
        var provider = scope.ServiceProvider;
        return Differs<IAuthenticationSchemeProvider, AuthenticationSchemeProvider>(provider)
            ?? Differs<IAuthenticationHandlerProvider, AuthenticationHandlerProvider>(provider)
            ?? Differs<IAuthenticationService, AuthenticationService>(provider)
            ?? Differs<IClaimsTransformation, NoopClaimsTransformation>(provider)
            ?? Differs<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>(provider)
            ?? Differs<IPolicyEvaluator, PolicyEvaluator>(provider)
            ?? Differs<IAuthorizationService, DefaultAuthorizationService>(provider)
            ?? Differs<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>(provider)
            ?? Differs<IAuthorizationHandlerContextFactory, DefaultAuthorizationHandlerContextFactory>(provider)
            ?? Differs<IAuthorizationEvaluator, DefaultAuthorizationEvaluator>(provider)
            ?? Differs<IAuthorizationMiddlewareResultHandler, ScopeAuthorizationResultHandler>(provider)
            ?? OtherHandlers(provider)
            ?? HandlerOfScheme(authentication);
    }

    private static string? Differs<TService, TFramework>(IServiceProvider provider)
        where TService : class
    {
        try
        {
            // The framework may register a subclass of its own (with its metrics, say); the app's is anything else.
            var type = provider.GetService<TService>()?.GetType();
            return type == typeof(TFramework) || (type is not null && type.Assembly == typeof(TFramework).Assembly && type.IsAssignableTo(typeof(TFramework)))
                ? null
                : $"{typeof(TService).Name} is the app's own ({type?.Name ?? "none"})";
        }
        catch (InvalidOperationException)
        {
            // A service that cannot be made outside a request is not the framework's.
            return $"{typeof(TService).Name} is the app's own";
        }
    }

    private static string? OtherHandlers(IServiceProvider provider)
    {
        try
        {
            return provider.GetServices<IAuthorizationHandler>().All(handler => KnownHandlers.Contains(handler.GetType()))
                ? null
                : "the app registers authorization handlers of its own";
        }
        catch (InvalidOperationException)
        {
            return "the app registers authorization handlers of its own";
        }
    }

    private static string? HandlerOfScheme(AuthenticationOptions authentication)
        => authentication.SchemeMap.TryGetValue(RampartDefaults.AuthenticationScheme, out var scheme) && scheme.HandlerType == typeof(ApiKeyAuthenticationHandler)
            ? null
            : "the Rampart scheme has another handler";
}
