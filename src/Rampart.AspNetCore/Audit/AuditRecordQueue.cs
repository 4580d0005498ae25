using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Hands audit records from the request path to <see cref="AuditStoreWriter"/> without waiting on
/// the store. Bounded: when the store falls behind, new records are dropped, counted and reported.
/// A failed write is retried: its records wait, in order, for the next flush.
/// </summary>
internal sealed class AuditRecordQueue
{
    private const int BatchSize = 500;
    private readonly Channel<AuditRecord> _channel;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly int _capacity;
    private List<AuditRecord> _retry = [];
    private int _retryCount;
    private long _dropped;

    public AuditRecordQueue(IAuditStore store, IOptions<RampartOptions> options, ILoggerFactory loggerFactory)
    {
        Store = store;
        IsEnabled = store is not DisabledAuditStore;
        _logger = loggerFactory.CreateLogger(AuditLog.Category);
        _capacity = Math.Max(1, options.Value.Logging.Store.QueueCapacity);
        _channel = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(_capacity)
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

    /// <summary>True while records whose write failed wait to be written again.</summary>
    public bool HasRetries => Volatile.Read(ref _retryCount) > 0;

    /// <summary>
    /// Writes what failed before and everything queued so far, oldest first, in batches. One writer
    /// at a time, so when it returns true every record queued before the call is in the store (the
    /// background writer, shutdown and tests use it). When the store fails, the unwritten records are
    /// kept for the next call, up to the queue's capacity, and it returns false.
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = _retry;
            _retry = [];
            while (_channel.Reader.TryRead(out var record))
            {
                pending.Add(record);
            }

            for (var start = 0; start < pending.Count; start += BatchSize)
            {
                var batch = pending.GetRange(start, Math.Min(BatchSize, pending.Count - start));
                if (!await WriteAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    Keep(pending, start);
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Volatile.Write(ref _retryCount, _retry.Count);
            _writing.Release();
        }
    }

    // Keeps pending[from..] for the next flush; beyond the capacity the oldest go, counted as dropped.
    private void Keep(List<AuditRecord> pending, int from)
    {
        var excess = Math.Max(0, pending.Count - from - _capacity);
        if (excess > 0)
        {
            AuditLog.QueueFull(_logger, Interlocked.Add(ref _dropped, excess));
        }

        _retry = pending.GetRange(from + excess, pending.Count - from - excess);
    }

    private async Task<bool> WriteAsync(List<AuditRecord> batch, CancellationToken cancellationToken)
    {
        try
        {
            await Store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.WriteFailed(_logger, batch.Count, exception);
            return false;
        }
    }
}
