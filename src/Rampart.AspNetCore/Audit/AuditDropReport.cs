using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// The <c>AuditStoreQueueFull</c> event: the first drop after a quiet interval is reported at once, then
/// one event per interval while drops go on, each with the exact number since the previous event and the
/// exact total since start. So the events add up to every dropped record, without a line per record.
/// </summary>
internal sealed class AuditDropReport : IDisposable
{
    private readonly Func<long> _total;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _reporting = new();
    private long _reported;
    private int _quiet = 1;

    public AuditDropReport(Func<long> total, ILogger logger, TimeProvider time, TimeSpan interval)
    {
        _total = total;
        _logger = logger;
        _timer = time.CreateTimer(static state => ((AuditDropReport)state!).Tick(), this, interval, interval);
    }

    /// <summary>Called after each drop has been counted.</summary>
    public void Dropped()
    {
        if (Interlocked.Exchange(ref _quiet, 0) == 1)
        {
            ReportNow();
        }
    }

    public void ReportNow()
    {
        lock (_reporting)
        {
            var total = _total();
            if (total > _reported)
            {
                AuditLog.QueueFull(_logger, total - _reported, total);
                _reported = total;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        lock (_reporting)
        {
            if (_total() == _reported)
            {
                // A whole interval without a drop: the next one is reported at once.
                Volatile.Write(ref _quiet, 1);
                return;
            }
        }

        ReportNow();
    }
}
