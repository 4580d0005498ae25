using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// Where Rampart's refusals, 429s and store failures are reported (from authentication, authorization and the rate
/// limiters), and where alerts leave for the sinks. Only refusals come here, never the successful path; one short lock
/// per event.
/// </summary>
internal sealed class AlertMonitor
{
    private readonly AnomalyDetector? _detector;
    private readonly AlertDispatcher _dispatcher;
    private readonly AlertMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public AlertMonitor(IOptions<RampartOptions> options, AlertDispatcher dispatcher, AlertMetrics metrics, TimeProvider time)
    {
        var alerts = options.Value.Incidents.Alerts;
        _dispatcher = dispatcher;
        _metrics = metrics;
        _time = time;
        _detector = alerts.Enabled ? new AnomalyDetector(alerts, time.GetUtcNow()) : null;
        metrics.Observe(this);
    }

    public long Evictions
    {
        get
        {
            lock (_lock)
            {
                return _detector?.Evictions ?? 0;
            }
        }
    }

    public int TrackedRates
    {
        get
        {
            lock (_lock)
            {
                return _detector?.TrackedRates ?? 0;
            }
        }
    }

    /// <summary>Counts one event; <paramref name="reason"/> is a fixed code, <paramref name="keyId"/> set only for a key whose secret verified.</summary>
    public void Observe(string reason, string? organization, string? keyId)
    {
        if (_detector is null)
        {
            return;
        }

        List<RampartAlert>? raised = null;
        lock (_lock)
        {
            _detector.Observe(reason, organization, keyId, _time.GetUtcNow(), ref raised);
        }

        if (raised is not null)
        {
            foreach (var alert in raised)
            {
                Raise(alert);
            }
        }
    }

    /// <summary>Sends an alert to the sinks (through the bounded queue).</summary>
    public void Raise(RampartAlert alert)
    {
        _metrics.Raised(alert);
        _dispatcher.Enqueue(alert);
    }

    public static string NewAlertId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
