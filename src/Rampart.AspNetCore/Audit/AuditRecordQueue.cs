using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Diagnostics;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Hands audit records from the request path to <see cref="AuditStoreWriter"/> without waiting on
/// the store. Bounded: when the store falls behind, new records are dropped and every one is counted
/// (<see cref="Dropped"/>, the <c>rampart.audit.dropped</c> counter and <see cref="AuditDropReport"/>).
/// A failed write is retried: its records wait, in order, for the next flush. Each flush also writes
/// the usage counts gathered since the last one (<see cref="UsageCounter"/>).
/// </summary>
internal sealed class AuditRecordQueue : IDisposable
{
    public const string DroppedName = "rampart.audit.dropped";

    private const int BatchSize = 500;
    private readonly Channel<AuditRecord> _channel;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly AuditDropReport _report;
    private readonly UsageCounter? _usage;
    private readonly TimeProvider _time;
    private List<AuditRecord> _retry = [];
    private int _retryCount;
    private long _dropped;

    public AuditRecordQueue(IAuditStore store, IOptions<RampartOptions> options, ILoggerFactory loggerFactory, TimeProvider? time = null, IMeterFactory? meterFactory = null, UsageCounter? usage = null)
    {
        _usage = usage;
        _time = time ?? TimeProvider.System;
        Store = store;
        IsEnabled = store is not DisabledAuditStore;
        _logger = loggerFactory.CreateLogger(AuditLog.Category);
        var settings = options.Value.Logging.Store;
        _capacity = Math.Max(1, settings.QueueCapacity);

        // In drop-write mode TryWrite reports success even when it drops: the callback is the only exact count.
        _channel = Channel.CreateBounded<AuditRecord>(
            new BoundedChannelOptions(_capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => CountDropped(1));
        _report = new AuditDropReport(() => Dropped, _logger, _time, settings.DropReportInterval);
        meterFactory?.Create(RampartMetrics.MeterName).CreateObservableCounter(
            DroppedName, () => Dropped, "{record}", "Audit records that were never stored because the queue was full.");
    }

    public bool IsEnabled { get; }

    public IAuditStore Store { get; }

    public ChannelReader<AuditRecord> Reader => _channel.Reader;

    /// <summary>The most records that wait; past it new records are dropped.</summary>
    public int Capacity => _capacity;

    /// <summary>Records waiting to be written: queued, and kept from a failed write.</summary>
    public int Depth => _channel.Reader.Count + Volatile.Read(ref _retryCount);

    /// <summary>Every record dropped since start: refused by a full queue or pushed out of the retry list.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(AuditRecord record)
    {
        if (IsEnabled)
        {
            _channel.Writer.TryWrite(record);
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

            return await WriteUsageAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _retryCount, _retry.Count);
            _writing.Release();
        }
    }

    /// <summary>Counts as dropped whatever still waits (at shutdown, after a last flush failed).</summary>
    public void DropUnwritten()
    {
        var unwritten = _retry.Count;
        _retry = [];
        Volatile.Write(ref _retryCount, 0);
        while (_channel.Reader.TryRead(out _))
        {
            unwritten++;
        }

        if (unwritten > 0)
        {
            CountDropped(unwritten);
        }
    }

    /// <summary>Reports drops not reported yet (at shutdown, so the last ones are not lost with the process).</summary>
    public void ReportDrops() => _report.ReportNow();

    public void Dispose() => _report.Dispose();

    private void CountDropped(long count)
    {
        Interlocked.Add(ref _dropped, count);
        _report.Dropped();
    }

    // Keeps pending[from..] for the next flush; beyond the capacity the oldest go, counted as dropped.
    private void Keep(List<AuditRecord> pending, int from)
    {
        var excess = Math.Max(0, pending.Count - from - _capacity);
        if (excess > 0)
        {
            CountDropped(excess);
        }

        _retry = pending.GetRange(from + excess, pending.Count - from - excess);
    }

    private async Task<bool> WriteUsageAsync(CancellationToken cancellationToken)
    {
        if (_usage is null || !IsEnabled)
        {
            return true;
        }

        var counts = _usage.Drain(_time.GetUtcNow());
        if (counts.Count == 0)
        {
            return true;
        }

        try
        {
            await Store.AddUsageAsync(counts, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            _usage.Unwritten(counts);
            if (exception is OperationCanceledException)
            {
                throw;
            }

            UsageLog.WriteFailed(_logger, counts.Count, exception);
            return false;
        }
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
