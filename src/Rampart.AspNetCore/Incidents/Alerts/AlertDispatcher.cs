using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>Hands alerts to every <see cref="IRampartAlertSink"/> from one background task, through a bounded queue that counts what it drops.</summary>
internal sealed class AlertDispatcher : BackgroundService
{
    private readonly Channel<RampartAlert> _queue;
    private readonly IRampartAlertSink[] _sinks;
    private readonly AlertMetrics _metrics;
    private readonly ILogger _logger;

    public AlertDispatcher(IOptions<RampartOptions> options, IEnumerable<IRampartAlertSink> sinks, AlertMetrics metrics, ILoggerFactory loggers)
    {
        _queue = Channel.CreateBounded<RampartAlert>(new BoundedChannelOptions(Math.Max(1, options.Value.Incidents.Alerts.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _sinks = [.. sinks];
        _metrics = metrics;
        _logger = loggers.CreateLogger(AlertLog.Category);
    }

    public void Enqueue(RampartAlert alert)
    {
        if (!_queue.Writer.TryWrite(alert))
        {
            _metrics.Dropped("dispatch");
            AlertLog.Dropped(_logger, "dispatch", alert.Id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var sink in _sinks)
                {
                    try
                    {
                        await sink.SendAsync(alert, stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        AlertLog.SinkFailed(_logger, sink.GetType().Name, alert.Id, exception);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: alerts still queued are lost with the process, as with any in-memory queue.
        }
    }
}
