using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Logging.Scrubbing;

namespace Rampart.AspNetCore.Problems;

/// <summary>Registers the problem writer on ASP.NET Core's problem-details service, and the scrubbing of every problem it writes.</summary>
internal static class ProblemsServiceCollectionExtensions
{
    internal static IServiceCollection AddRampartProblems(this IServiceCollection services)
    {
        // Adds to the app's set-up: AddProblemDetails is harmless when the app called it too.
        services.AddProblemDetails();
        services.TryAddSingleton<RampartProblemWriter>();
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<RampartOptions>>().Value;
            return new LogScrubber(options.Logging.Scrubbing, options.Authentication.HeaderName);
        });

        // Post-configured, so it runs after whatever customisation the app gives AddProblemDetails.
        services.AddOptions<ProblemDetailsOptions>().PostConfigure<IServiceProvider>(static (options, sp) =>
        {
            var app = options.CustomizeProblemDetails;
            LogScrubber? scrubber = null;
            bool? development = null;
            options.CustomizeProblemDetails = context =>
            {
                app?.Invoke(context);
                scrubber ??= sp.GetRequiredService<LogScrubber>();
                development ??= sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
                ProblemDetailsScrubbing.Apply(context, scrubber, development.Value);
            };
        });
        return services;
    }
}
