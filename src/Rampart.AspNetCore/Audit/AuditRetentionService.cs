using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Deletes stored audit records older than <see cref="AuditStoreOptions.Retention"/> (default 90
/// days): once at start, then every <see cref="AuditStoreOptions.PurgeInterval"/>, on the app's
/// <see cref="TimeProvider"/>. The admin log is not purged.
/// </summary>
internal sealed class AuditRetentionService : BackgroundService
{
    private readonly IAuditStore _store;
    private readonly TimeProvider _time;
    private readonly AuditStoreOptions _options;
    private readonly ILogger _logger;

    public AuditRetentionService(IAuditStore store, TimeProvider time, IOptions<RampartOptions> options, ILoggerFactory loggerFactory)
    {
        _store = store;
        _time = time;
        _options = options.Value.Logging.Store;
        _logger = loggerFactory.CreateLogger(AuditLog.Category);
    }

    internal async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _options.Retention;
        try
        {
            var purged = await _store.PurgeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            AuditLog.Purged(_logger, purged, cutoff);

            return purged;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.PurgeFailed(_logger, cutoff, exception);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store is DisabledAuditStore)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.PurgeInterval, _time);
        try
        {
            await PurgeAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
