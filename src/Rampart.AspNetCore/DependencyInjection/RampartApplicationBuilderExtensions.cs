using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore;
using Rampart.AspNetCore.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Rampart to the request pipeline.</summary>
public static class RampartApplicationBuilderExtensions
{
    /// <summary>
    /// Adds API-key authentication and authorization to the pipeline. Call it after routing (minimal
    /// APIs add routing for you) and before the endpoints.
    /// </summary>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static IApplicationBuilder UseRampart(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<Rampart.AspNetCore.DependencyInjection.RampartMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddRampart()' before 'app.UseRampart()'.");
        }

        app.ApplicationServices.GetRequiredService<RampartPipelineMarker>().UseRampartCalled = true;

        var options = app.ApplicationServices.GetRequiredService<IOptions<RampartOptions>>().Value;
        if (options.Logging.Scrubbing.Enabled && app.ApplicationServices.GetService<ILoggerFactory>() is not Rampart.AspNetCore.Logging.Scrubbing.ScrubbingLoggerFactory)
        {
            throw new InvalidOperationException(
                "The app's ILoggerFactory was replaced after 'builder.Services.AddRampart()', so log lines would bypass Rampart's scrubbing of keys. "
                + "Call 'AddRampart()' after the logging set-up that replaces the factory, or set 'Rampart:Logging:Scrubbing:Enabled' to false.");
        }

        // Outermost: the framework's own errors (exceptions, 404, 405, 415, binding failures) get problem
        // bodies, and the audit record inside sees the status they answer with.
        if (options.Problems.FrameworkErrors)
        {
            app.UseMiddleware<Rampart.AspNetCore.Problems.FrameworkErrorMiddleware>();
        }

        // Then the audit record sees every request, including refusals further in, and reads
        // the client address after the transport layer applied trusted forwarded headers.
        app.UseMiddleware<Rampart.AspNetCore.Audit.AuditMiddleware>();

        // HTTPS only, HSTS and security headers, before any credential is looked at.
        Rampart.AspNetCore.Transport.TransportApplicationBuilderExtensions.UseRampartTransport(app);

        // Outside authentication and authorization: writes one problem body once every scheme challenged.
        app.UseMiddleware<Rampart.AspNetCore.Authentication.ChallengeCompositionMiddleware>();

        // Before any key is parsed or looked up: networks over the failed-key limit get 429.
        app.UseMiddleware<Rampart.AspNetCore.RateLimiting.FailedKeyThrottleMiddleware>();

        // Authentication, the limits, authorization; with the one-step path in front when the app
        // allows it (docs/one-step.md), the same three otherwise.
        if (options.Authentication.OneStep)
        {
            Rampart.AspNetCore.OneStep.OneStepPipeline.Use(app);
        }
        else
        {
            Rampart.AspNetCore.OneStep.OneStepPipeline.UseFramework(app);
        }

        return app;
    }
}
