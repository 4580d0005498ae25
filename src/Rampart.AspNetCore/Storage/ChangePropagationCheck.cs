using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Storage.Sqlite;

namespace Rampart.AspNetCore.Storage;

/// <summary>
/// Says at start how long a revocation can take to reach other instances when nothing announces changes:
/// with the single-instance notifier, another process reading the same store serves its cached record for
/// up to <c>Keys:CacheTimeToLive</c>. A warning for stores that are shared by nature, a note for a SQLite
/// file (which other processes on the machine could open); nothing for the in-memory store.
/// </summary>
internal sealed class ChangePropagationCheck(IApiKeyStore store, IApiKeyChangeNotifier notifier, IOptions<RampartOptions> options, ILoggerFactory loggerFactory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (notifier is SingleInstanceChangeNotifier && store is not InMemoryApiKeyStore)
        {
            var logger = loggerFactory.CreateLogger(StoreLog.Category);
            var bound = options.Value.Keys.CacheTimeToLive;
            if (store is SqliteApiKeyStore)
            {
                StoreLog.SqliteRevocationBound(logger, bound);
            }
            else
            {
                StoreLog.NoChangeNotifier(logger, store.GetType().Name, bound);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
