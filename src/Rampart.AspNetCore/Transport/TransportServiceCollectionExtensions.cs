using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Transport;

namespace Rampart.AspNetCore.Transport;

/// <summary>Registers HTTPS-only transport, response headers and the start-up posture check.</summary>
internal static class TransportServiceCollectionExtensions
{
    // Extension members a problem body may carry in Development only.
    private static readonly string[] ExceptionExtensions = ["exception", "exceptionDetails", "stackTrace", "innerException"];

    internal static IServiceCollection AddRampartTransport(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, TransportOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SecurityPostureCheck>());

        // Kestrel writes its own Server header after the app's callbacks; switch it off at the source.
        services.AddOptions<KestrelServerOptions>().PostConfigure<IOptions<RampartOptions>>((kestrel, rampart) =>
        {
            if (rampart.Value.Transport.RemoveServerHeader)
            {
                kestrel.AddServerHeader = false;
            }
        });

        // Problem bodies written through IProblemDetailsService never carry exception details outside Development.
        services.AddOptions<ProblemDetailsOptions>().PostConfigure<IHostEnvironment>((problems, environment) =>
        {
            if (environment.IsDevelopment())
            {
                return;
            }

            var inner = problems.CustomizeProblemDetails;
            problems.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                StripExceptionDetails(context);
            };
        });

        return services;
    }

    internal static void StripExceptionDetails(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        foreach (var name in ExceptionExtensions)
        {
            problem.Extensions.Remove(name);
        }

        if (context.Exception is { } exception)
        {
            // Whatever an app's customisation put in Detail may be the message; the trace id is enough to find it in the logs.
            problem.Detail = null;
            foreach (var (key, value) in problem.Extensions.ToArray())
            {
                if (value is Exception || (value is string text && (Holds(text, exception.Message) || Holds(text, exception.StackTrace))))
                {
                    problem.Extensions.Remove(key);
                }
            }
        }
    }

    private static bool Holds(string text, string? part) => !string.IsNullOrEmpty(part) && text.Contains(part, StringComparison.Ordinal);
}
