using Microsoft.Extensions.Logging;

namespace Rampart.Redis.RateLimiting;

/// <summary>
/// Closed: every call goes to Redis. After <c>threshold</c> consecutive failures it opens: calls skip
/// Redis for the break duration. Then one call probes; success closes it, failure reopens it.
/// </summary>
internal sealed class RedisCircuitBreaker
{
    private readonly int _threshold;
    private readonly TimeSpan _breakDuration;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisFailureMode _mode;
    private readonly Lock _gate = new();
    private int _failures;
    private long _openUntilMs = long.MinValue;
    private bool _open;
    private bool _probing;

    public RedisCircuitBreaker(int threshold, TimeSpan breakDuration, RedisFailureMode mode, TimeProvider time, ILogger logger)
    {
        _threshold = threshold;
        _breakDuration = breakDuration;
        _mode = mode;
        _time = time;
        _logger = logger;
    }

    public bool IsOpen => Volatile.Read(ref _open);

    /// <summary>Whether this call may go to Redis. <paramref name="retryAfterMs"/> says when the circuit may close.</summary>
    public bool TryEnter(out long retryAfterMs)
    {
        retryAfterMs = 0;
        if (!Volatile.Read(ref _open))
        {
            return true;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            if (!_open)
            {
                return true;
            }

            if (now >= _openUntilMs && !_probing)
            {
                _probing = true;
                return true;
            }

            retryAfterMs = Math.Max(0, _openUntilMs - now);
            if (retryAfterMs == 0)
            {
                retryAfterMs = (long)_breakDuration.TotalMilliseconds;
            }

            return false;
        }
    }

    public void OnSuccess()
    {
        if (!Volatile.Read(ref _open) && Volatile.Read(ref _failures) == 0)
        {
            return;
        }

        bool closed;
        lock (_gate)
        {
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

    public void OnFailure(Exception exception)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        bool opened = false, probeFailed = false;
        int failures;
        lock (_gate)
        {
            failures = ++_failures;
            if (_open)
            {
                probeFailed = _probing;
                _probing = false;
                _openUntilMs = now + (long)_breakDuration.TotalMilliseconds;
            }
            else if (failures >= _threshold)
            {
                _open = true;
                opened = true;
                _openUntilMs = now + (long)_breakDuration.TotalMilliseconds;
            }
        }

        if (opened)
        {
            RedisRateLimitLog.CircuitOpened(_logger, failures, _breakDuration.TotalSeconds, _mode, exception);
        }
        else if (probeFailed)
        {
            RedisRateLimitLog.ProbeFailed(_logger, _breakDuration.TotalSeconds, exception);
        }
        else
        {
            RedisRateLimitLog.CallFailed(_logger, _mode, exception);
        }
    }
}
