using Microsoft.Extensions.Logging;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// Closed: every call goes to Redis. After <c>threshold</c> consecutive failures it opens: calls skip
/// Redis, and one call at a time probes it, first after <c>firstProbe</c>, then at doubling intervals
/// up to the break duration, so a Redis that restarts is used again within about a second while a
/// dead one costs one probe per break. A probe's success closes it, its failure reopens it.
/// </summary>
/// <remarks>
/// Every call carries the breaker's epoch at the moment it was sent (<see cref="TryEnter"/>). A call
/// sent before the circuit opened, or before the current probe, that answers late says nothing about
/// Redis now: its result is ignored, so a late success cannot close the circuit.
/// </remarks>
internal sealed class RedisCircuitBreaker
{
    private readonly int _threshold;
    private readonly TimeSpan _breakDuration;
    private readonly TimeSpan _firstProbe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisFailureMode _mode;
    private readonly Lock _gate = new();
    private int _failures;
    private long _epoch;
    private long _openUntilMs = long.MinValue;
    private long _probeDelayMs;
    private bool _open;
    private bool _probing;

    public RedisCircuitBreaker(int threshold, TimeSpan breakDuration, TimeSpan firstProbe, RedisFailureMode mode, TimeProvider time, ILogger logger)
    {
        _threshold = threshold;
        _breakDuration = breakDuration;
        _firstProbe = firstProbe < breakDuration ? firstProbe : breakDuration;
        _mode = mode;
        _time = time;
        _logger = logger;
    }

    public bool IsOpen => Volatile.Read(ref _open);

    /// <summary>
    /// Whether this call may go to Redis; <paramref name="epoch"/> goes back with its result.
    /// <paramref name="retryAfterMs"/> says when the next probe may be made.
    /// </summary>
    public bool TryEnter(out long epoch, out long retryAfterMs)
    {
        retryAfterMs = 0;
        epoch = Volatile.Read(ref _epoch);
        if (!Volatile.Read(ref _open))
        {
            return true;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            epoch = _epoch;
            if (!_open)
            {
                return true;
            }

            if (now >= _openUntilMs && !_probing)
            {
                // The probe gets an epoch of its own: only its answer counts.
                _probing = true;
                epoch = ++_epoch;
                return true;
            }

            retryAfterMs = Math.Max(0, _openUntilMs - now);
            if (retryAfterMs == 0)
            {
                retryAfterMs = _probeDelayMs;
            }

            return false;
        }
    }

    public void OnSuccess(long epoch)
    {
        if (!Volatile.Read(ref _open) && Volatile.Read(ref _failures) == 0)
        {
            return;
        }

        bool closed;
        lock (_gate)
        {
            if (epoch != _epoch)
            {
                return;
            }

            closed = _open;
            _open = false;
            _probing = false;
            _failures = 0;
        }

        if (closed)
        {
            RedisRateLimitLog.CircuitClosed(_logger);
        }
    }

    public void OnFailure(long epoch, Exception exception)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        bool opened = false, probeFailed = false;
        int failures;
        long delayMs;
        lock (_gate)
        {
            if (epoch != _epoch)
            {
                // Sent before the circuit opened or before the current probe: already accounted for.
                return;
            }

            failures = ++_failures;
            if (_open)
            {
                probeFailed = _probing;
                _probing = false;
                _probeDelayMs = Math.Min(_probeDelayMs * 2, (long)_breakDuration.TotalMilliseconds);
                _openUntilMs = now + _probeDelayMs;
            }
            else if (failures >= _threshold)
            {
                _open = true;
                opened = true;
                _epoch++;
                _probeDelayMs = (long)_firstProbe.TotalMilliseconds;
                _openUntilMs = now + _probeDelayMs;
            }

            delayMs = _probeDelayMs;
        }

        if (opened)
        {
            RedisRateLimitLog.CircuitOpened(_logger, failures, delayMs / 1000.0, _mode, exception);
        }
        else if (probeFailed)
        {
            RedisRateLimitLog.ProbeFailed(_logger, delayMs / 1000.0, exception);
        }
        else
        {
            RedisRateLimitLog.CallFailed(_logger, _mode, exception);
        }
    }
}
