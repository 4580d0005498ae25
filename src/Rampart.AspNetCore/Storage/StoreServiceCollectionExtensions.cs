using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Storage.Sqlite;

namespace Rampart.AspNetCore.Storage;

/// <summary>Registers the built-in store chosen by <c>Rampart:Store:Provider</c>, unless another store was registered.</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddRampartStore(this IServiceCollection services)
    {
        services.TryAddSingleton(CreateStore);
        services.AddHostedService<ApiKeyStoreInitializer>();
        services.AddHostedService<ChangePropagationCheck>();
        return services;
    }

    /// <summary>The SQLite file's full path: relative paths are taken from the app's content root.</summary>
    public static string ResolveSqlitePath(string path, IHostEnvironment? environment)
        => System.IO.Path.IsPathRooted(path)
            ? path
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(environment?.ContentRootPath ?? AppContext.BaseDirectory, path));

    private static IApiKeyStore CreateStore(IServiceProvider services)
    {
        var store = services.GetRequiredService<IOptions<RampartOptions>>().Value.Store;
        if (store.Provider == ApiKeyStoreProvider.InMemory)
        {
            return new InMemoryApiKeyStore();
        }

        var path = ResolveSqlitePath(store.Sqlite.Path, services.GetService<IHostEnvironment>());
        return new SqliteApiKeyStore(path, store.Sqlite.BusyTimeout, services.GetService<ILogger<SqliteApiKeyStore>>(), services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
    }
}
