using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.RateLimiting;

namespace Rampart.AspNetCore.OneStep;

/// <summary>Puts authentication, Rampart's limits and authorization into the pipeline, with the one-step path in front where the app allows it.</summary>
internal static class OneStepPipeline
{
    // What UseAuthentication and UseAuthorization record on the builder, so WebApplication does not
    // add them a second time; the branch below records them on its own copy of the properties only.
    private const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationSetKey = "__AuthorizationMiddlewareSet";

    public static void Use(IApplicationBuilder app)
    {
        var framework = app.New();
        UseFramework(framework);
        app.Properties[AuthenticationSetKey] = true;
        app.Properties[AuthorizationSetKey] = true;
        app.Use(next =>
        {
            framework.Run(next);
            var real = framework.Build();
            var services = app.ApplicationServices;
            if (OneStepConditions.WhyNot(services) is { } reason)
            {
                OneStepLog.Off(services.GetRequiredService<ILoggerFactory>().CreateLogger(AuthenticationLog.Category), reason);
                return real;
            }

            var limiter = ActivatorUtilities.CreateInstance<RateLimitingMiddleware>(services, next);
            var plans = new EndpointPlans(
                services.GetRequiredService<IAuthorizationPolicyProvider>(),
                services.GetServices<IAuthorizationHandler>().OfType<OrganizationAuthorizationHandler>().First());
            var oneStep = ActivatorUtilities.CreateInstance<OneStepMiddleware>(services, real, (RequestDelegate)limiter.InvokeAsync, plans);
            return oneStep.InvokeAsync;
        });
    }

    /// <summary>The framework's authentication, Rampart's limits, the framework's authorization.</summary>
    public static void UseFramework(IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseMiddleware<RateLimitingMiddleware>();
        app.UseAuthorization();
    }
}
