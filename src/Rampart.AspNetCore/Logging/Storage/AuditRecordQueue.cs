using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Logging;

/// <summary>
/// Hands audit records from the request path to <see cref="AuditStoreWriter"/> without waiting on
/// the store. Bounded: when the store falls behind, new records are dropped, counted and reported.
/// </summary>
internal sealed class AuditRecordQueue
{
    private readonly Channel<AuditRecord> _channel;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _dropped;

    public AuditRecordQueue(IAuditStore store, IOptions<RampartOptions> options, ILoggerFactory loggerFactory)
    {
        Store = store;
        IsEnabled = store is not DisabledAuditStore;
        _logger = loggerFactory.CreateLogger(AuditLog.Category);
        _channel = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(Math.Max(1, options.Value.Logging.Store.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    public bool IsEnabled { get; }

    public IAuditStore Store { get; }

    public ChannelReader<AuditRecord> Reader => _channel.Reader;

    public void Enqueue(AuditRecord record)
    {
        if (IsEnabled && !_channel.Writer.TryWrite(record))
        {
            var dropped = Interlocked.Increment(ref _dropped);
            if ((dropped & (dropped - 1)) == 0)
            {
                // 1, 2, 4, 8, ...: reported, without a log line per dropped record.
                AuditLog.QueueFull(_logger, dropped);
            }
        }
    }

    /// <summary>
    /// Writes everything queued so far, in batches. One writer at a time, so when it returns every
    /// record queued before the call is in the store (the background writer, shutdown and tests use it).
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var batch = new List<AuditRecord>();
            while (_channel.Reader.TryRead(out var record))
            {
                batch.Add(record);
                if (batch.Count == 500)
                {
                    await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(List<AuditRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await Store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.WriteFailed(_logger, batch.Count, exception);
        }
    }
}
