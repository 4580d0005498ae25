using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Storage;
using Rampart.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps Rampart's keys in PostgreSQL, shared by every instance of the app.</summary>
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
        services.AddHostedService(sp => new ListenerHost(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value.ListenForChanges ? sp.GetRequiredService<PostgreSqlChangeListener>() : null));
        return services;
    }

    /// <summary>Runs the listener unless listening is switched off.</summary>
    private sealed class ListenerHost(PostgreSqlChangeListener? listener) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => listener?.StartAsync(cancellationToken) ?? Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => listener?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
