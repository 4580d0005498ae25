using Microsoft.Extensions.DependencyInjection.Extensions;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds alert sinks of the app's own.</summary>
public static class RampartIncidentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TSink"/> as a singleton that receives every alert, beside Rampart's logger and webhook sinks.
    /// Adding the same sink twice is harmless.
    /// </summary>
    public static IServiceCollection AddRampartAlertSink<TSink>(this IServiceCollection services)
        where TSink : class, IRampartAlertSink
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRampartAlertSink, TSink>());
        return services;
    }
}
