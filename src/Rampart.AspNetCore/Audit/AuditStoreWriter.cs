using Microsoft.Extensions.Hosting;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Drains <see cref="AuditRecordQueue"/> into the store in batches of up to 500, and once more at
/// shutdown. While the store fails, it retries on the app's clock after 1 s, doubling up to 30 s.
/// </summary>
internal sealed class AuditStoreWriter : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly AuditRecordQueue _queue;
    private readonly TimeProvider _time;

    public AuditStoreWriter(AuditRecordQueue queue, TimeProvider time)
    {
        _queue = queue;
        _time = time;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!await _queue.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            // The process is going: what the store did not take is lost, and counted as such.
            _queue.DropUnwritten();
        }

        _queue.ReportDrops();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_queue.IsEnabled)
        {
            return;
        }

        var retry = FirstRetry;
        try
        {
            // Records waiting for a retry are written without waiting for new ones to arrive.
            while (_queue.HasRetries || await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await _queue.FlushAsync(stoppingToken).ConfigureAwait(false))
                {
                    retry = FirstRetry;
                    continue;
                }

                await Task.Delay(retry, _time, stoppingToken).ConfigureAwait(false);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }
}
