using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Storage;
using Rampart.PostgreSql;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps Rampart's keys, and optionally its audit trail, in PostgreSQL, shared by every instance of the app.</summary>
public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Uses PostgreSQL as the key store, with <paramref name="connectionString"/>; other settings from
    /// <c>Rampart:Store:PostgreSql</c>. See <see cref="AddRampartPostgreSql(IServiceCollection, Action{PostgreSqlStoreOptions})"/>.
    /// </summary>
    public static IServiceCollection AddRampartPostgreSql(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddRampartPostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Uses PostgreSQL as the key store, configured from <c>Rampart:Store:PostgreSql</c> and then by
    /// <paramref name="configure"/>. Replaces the embedded store whether called before or after
    /// <c>AddRampart</c>; changes are announced to other instances with LISTEN/NOTIFY. The schema is
    /// created or migrated when the app starts.
    /// </summary>
    public static IServiceCollection AddRampartPostgreSql(this IServiceCollection services, Action<PostgreSqlStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<PostgreSqlStoreOptions>()
            .BindConfiguration(PostgreSqlStoreOptions.SectionName)
            .Configure(configure)
            .ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(PostgreSqlApiKeyStore)))
        {
            return services;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());
        services.AddSingleton(sp => new PostgreSqlApiKeyStore(
            sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlApiKeyStore>>()));
        services.RemoveAll<IApiKeyStore>();
        services.AddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<PostgreSqlApiKeyStore>());
        services.RemoveAll<IApiKeyChangeNotifier>();
        services.AddSingleton<IApiKeyChangeNotifier, PostgreSqlChangeNotifier>();
        services.AddSingleton<PostgreSqlChangeListener>();
        services.AddHostedService(sp => new ListenerHost(
            sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value.ListenForChanges ? sp.GetRequiredService<PostgreSqlChangeListener>() : null,
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Keeps audit records and the tamper-evident admin log in the key store's PostgreSQL database
    /// (tables <c>audit_records</c> and <c>admin_log</c> of its schema), on the key store's
    /// connections, so every instance writes to one audit trail and one admin chain. Needs
    /// <see cref="AddRampartPostgreSql(IServiceCollection, Action{PostgreSqlStoreOptions})"/>; replaces the SQLite
    /// audit store (<c>Rampart:Logging:Store:ConnectionString</c>) whether called before or after
    /// <c>AddRampart</c>. Retention and queueing still come from <c>Rampart:Logging:Store</c>.
    /// </summary>
    public static IServiceCollection AddRampartPostgreSqlAuditStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(PostgreSqlAuditStore)))
        {
            return services;
        }

        services.AddSingleton(static sp => new PostgreSqlAuditStore(KeyStore(sp)));
        services.RemoveAll<IAuditStore>();
        services.AddSingleton<IAuditStore>(static sp => sp.GetRequiredService<PostgreSqlAuditStore>());
        services.RemoveAll<IAdminLogStore>();
        services.AddSingleton<IAdminLogStore>(static sp => new PostgreSqlAdminLogStore(KeyStore(sp)));
        return services;
    }

    private static PostgreSqlApiKeyStore KeyStore(IServiceProvider services)
        => services.GetService<PostgreSqlApiKeyStore>() ?? throw new InvalidOperationException(
            "AddRampartPostgreSqlAuditStore keeps the audit trail in the PostgreSQL key store's database: call AddRampartPostgreSql as well.");

    /// <summary>Runs the listener unless listening is switched off, which it then warns about: revocations wait for the cache.</summary>
    private sealed class ListenerHost(PostgreSqlChangeListener? listener, ILoggerFactory loggerFactory) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (listener is null)
            {
                PostgreSqlLog.ListenerOff(loggerFactory.CreateLogger(PostgreSqlLog.Category));
                return Task.CompletedTask;
            }

            return listener.StartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => listener?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
