using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Audit.Sqlite;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Logging;

/// <summary>Registers audit logging, body redaction, the audit store, the admin log and the <c>Rampart</c> meter.</summary>
internal static class RampartLoggingServiceCollectionExtensions
{

    internal static IServiceCollection AddRampartLogging(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<RampartMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RampartOptions>, RampartLoggingOptionsValidator>());

        services.TryAddSingleton(static sp => new TextMasker(Logging(sp).Masking));
        services.TryAddSingleton(static sp => new SecretNameMatcher(Logging(sp)));
        services.TryAddSingleton<ClientAddressPseudonymizer>();

        // Secrets are erased; personal data is erased or pseudonymised. Apps may register their own
        // redactors for these classifications, or for their own, with AddRedaction.
        services.AddRedaction(builder => builder
            .SetRedactor<ErasingRedactor>(RampartDataClassifications.Secret)
            .SetRedactor<PersonalDataRedactor>(RampartDataClassifications.Personal));
        services.TryAddSingleton(static sp => new JsonBodyRedactor(
            sp.GetRequiredService<IRedactorProvider>(),
            sp.GetRequiredService<TextMasker>(),
            sp.GetRequiredService<SecretNameMatcher>(),
            Logging(sp).Bodies));
        services.TryAddSingleton(static sp => new RequestBodyFormatter(
            sp.GetRequiredService<JsonBodyRedactor>(),
            sp.GetRequiredService<TextMasker>(),
            sp.GetRequiredService<SecretNameMatcher>(),
            Logging(sp).Bodies.MaxBytes));

        services.TryAddSingleton<IAuditStore>(static sp => Logging(sp).Store.ConnectionString is { } connection
            ? new SqliteAuditStore(connection)
            : new DisabledAuditStore());
        services.TryAddSingleton<Rampart.AspNetCore.Usage.UsageCounter>();
        services.TryAddSingleton<AuditRecordQueue>();
        services.AddHostedService<AuditStoreWriter>();
        services.AddHostedService<AuditRetentionService>();

        // The tamper-evident admin log, in the audit database when there is one; key changes made
        // through the built-in manager are recorded in it.
        services.TryAddSingleton<IAdminLogStore>(static sp => Logging(sp).Store.ConnectionString is { } connection
            ? new SqliteAdminLogStore(connection)
            : new InMemoryAdminLogStore());
        services.TryAddSingleton<IAdminAuditLog>(static sp => new AdminAuditLog(sp.GetRequiredService<IAdminLogStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<PepperVersionRecorder>();

        // Data-subject requests, and the pseudonyms that keep people out of the admin log.
        services.TryAddSingleton<Rampart.AspNetCore.DataSubjects.DataSubjectPseudonymizer>();
        services.TryAddSingleton<Rampart.AspNetCore.DataSubjects.IDataSubjectManager, Rampart.AspNetCore.DataSubjects.DataSubjectManager>();
        var manager = services.LastOrDefault(d => d.ServiceType == typeof(IApiKeyManager));
        if (manager?.ImplementationType == typeof(ApiKeyManager))
        {
            services.Replace(ServiceDescriptor.Singleton<IApiKeyManager>(static sp => new AdminLoggingApiKeyManager(
                ActivatorUtilities.CreateInstance<ApiKeyManager>(sp),
                sp.GetRequiredService<IAdminAuditLog>(),
                sp.GetRequiredService<Rampart.AspNetCore.DataSubjects.DataSubjectPseudonymizer>(),
                sp.GetRequiredService<ILoggerFactory>())));

            // A crash between a key change and its entry is closed at the next start.
            services.AddHostedService<AdminLogReconciler>();
        }

        // ASP.NET Core's "Request starting" line carries the full URL with its query string, and the
        // route matcher's debug lines carry the path. The audit record replaces them, so they are
        // lowered unless the app set a level for those categories itself.
        services.AddOptions<LoggerFilterOptions>().PostConfigure<IOptions<RampartOptions>>(static (filters, rampart) =>
        {
            if (rampart.Value.Logging.SuppressFrameworkRequestLogs)
            {
                Lower(filters, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
                Lower(filters, "Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
            }
        });
        return services;
    }

    private static void Lower(LoggerFilterOptions filters, string category, LogLevel level)
    {
        // A rule the app wrote for this category or a more specific one inside Microsoft.AspNetCore.* wins.
        var configured = filters.Rules.Any(rule => rule.CategoryName is { } name
            && name.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase)
            && (category.StartsWith(name, StringComparison.OrdinalIgnoreCase) || name.StartsWith(category, StringComparison.OrdinalIgnoreCase)));
        if (!configured)
        {
            filters.Rules.Add(new LoggerFilterRule(null, category, level, null));
        }
    }

    private static RampartLoggingOptions Logging(IServiceProvider services)
        => services.GetRequiredService<IOptions<RampartOptions>>().Value.Logging;
}
