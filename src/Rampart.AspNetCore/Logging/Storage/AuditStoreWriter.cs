using Microsoft.Extensions.Hosting;

namespace Rampart.AspNetCore.Logging;

/// <summary>Drains <see cref="AuditRecordQueue"/> into the store in batches of up to 500, and once more at shutdown.</summary>
internal sealed class AuditStoreWriter : BackgroundService
{
    private readonly AuditRecordQueue _queue;

    public AuditStoreWriter(AuditRecordQueue queue) => _queue = queue;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _queue.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_queue.IsEnabled)
        {
            return;
        }

        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await _queue.FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }
}
