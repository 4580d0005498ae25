using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// Puts the scrubbing layer around the app's <see cref="ILoggerFactory"/> registration, whatever
/// made it (the host's default, or an app's own factory registered before <c>AddRampart()</c>).
/// </summary>
internal static class LogScrubbingServiceCollectionExtensions
{
    internal static IServiceCollection AddRampartLogScrubbing(this IServiceCollection services)
    {
        services.AddLogging();
        var original = services.LastOrDefault(static d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService);
        if (original is null || original.ImplementationType == typeof(ScrubbingLoggerFactory) || services.Any(static d => d.ServiceType == typeof(ScrubbedFactoryMarker)))
        {
            return services;
        }

        services.AddSingleton<ScrubbedFactoryMarker>();
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(ILoggerFactory), sp =>
        {
            var (inner, owned) = CreateOriginal(sp, original);
            var options = ReadOptions(sp);
            if (!options.Logging.Scrubbing.Enabled)
            {
                return inner;
            }

            return new ScrubbingLoggerFactory(inner, owned, new LogScrubber(options.Logging.Scrubbing, options.Authentication.HeaderName));
        }, original.Lifetime));
        return services;
    }

    private static (ILoggerFactory Factory, bool Owned) CreateOriginal(IServiceProvider services, ServiceDescriptor original)
    {
        if (original.ImplementationInstance is ILoggerFactory instance)
        {
            return (instance, false);
        }

        if (original.ImplementationFactory is { } factory)
        {
            return ((ILoggerFactory)factory(services), true);
        }

        if (original.ImplementationType == typeof(LoggerFactory))
        {
            // The constructor the container would choose, named so no other one is picked.
            return (new LoggerFactory(
                services.GetServices<ILoggerProvider>(),
                services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                services.GetService<IOptions<LoggerFactoryOptions>>(),
                services.GetService<IExternalScopeProvider>()), true);
        }

        return ((ILoggerFactory)ActivatorUtilities.CreateInstance(services, original.ImplementationType!), true);
    }

    // The logger factory is made before options are validated (the host logs while starting), so
    // the options are read here without validation; a bad configuration still fails at start, and
    // meanwhile the safe defaults apply.
    private static RampartOptions ReadOptions(IServiceProvider services)
    {
        var options = new RampartOptions();
        try
        {
            foreach (var configure in services.GetServices<IConfigureOptions<RampartOptions>>())
            {
                if (configure is IConfigureNamedOptions<RampartOptions> named)
                {
                    named.Configure(Options.DefaultName, options);
                }
                else
                {
                    configure.Configure(options);
                }
            }

            foreach (var post in services.GetServices<IPostConfigureOptions<RampartOptions>>())
            {
                post.PostConfigure(Options.DefaultName, options);
            }

            return options;
        }
#pragma warning disable CA1031 // Any configuration failure is reported by options validation at start.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new RampartOptions();
        }
    }

    private sealed class ScrubbedFactoryMarker;
}
