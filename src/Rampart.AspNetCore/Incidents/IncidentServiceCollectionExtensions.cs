using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.Incidents.LeakReports;

namespace Rampart.AspNetCore.Incidents;

/// <summary>Registers leak-report intake and anomaly alerts (part of <c>AddRampart</c>).</summary>
internal static class IncidentServiceCollectionExtensions
{
    internal static IServiceCollection AddRampartIncidents(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, IncidentOptionsValidator>());

        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddSingleton<AlertMonitor>();
        services.TryAddSingleton<WebhookAlertSink>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRampartAlertSink, LoggerAlertSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRampartAlertSink, WebhookAlertSink>(static sp => sp.GetRequiredService<WebhookAlertSink>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AlertDispatcher>(static sp =>
        {
            // The monitor is made at start, so the warm-up and every baseline count from the app's start.
            _ = sp.GetRequiredService<AlertMonitor>();
            return sp.GetRequiredService<AlertDispatcher>();
        }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WebhookAlertSink>(static sp => sp.GetRequiredService<WebhookAlertSink>()));

        services.TryAddSingleton<LeakReportMetrics>();
        services.TryAddSingleton<LeakReportKeyRing>();
        services.TryAddSingleton<LeakReportProcessor>();
        return services;
    }
}
