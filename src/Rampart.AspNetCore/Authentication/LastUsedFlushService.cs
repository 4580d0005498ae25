using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Authentication;

/// <summary>Writes the collected "last used" times to the store on an interval and once more at shutdown.</summary>
internal sealed class LastUsedFlushService : BackgroundService
{
    private readonly LastUsedRecorder _recorder;
    private readonly IApiKeyStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;

    public LastUsedFlushService(LastUsedRecorder recorder, IApiKeyStore store, TimeProvider time, IOptions<RampartOptions> options, ILoggerFactory loggerFactory)
    {
        _recorder = recorder;
        _store = store;
        _time = time;
        _interval = options.Value.Keys.LastUsedFlushInterval;
        _logger = loggerFactory.CreateLogger(AuthenticationLog.Category);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = _recorder.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _store.RecordLastUsedAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _recorder.Restore(batch);
            AuthenticationLog.LastUsedFlushFailed(_logger, batch.Count, exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync flushes what is left.
        }
    }
}
