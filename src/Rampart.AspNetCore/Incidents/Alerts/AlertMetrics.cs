using System.Diagnostics.Metrics;
using Rampart.AspNetCore.Diagnostics;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// On the <c>Rampart</c> meter: <c>rampart.alerts.raised</c> (counter, <c>rampart.alert.signal</c>, <c>rampart.alert.scope</c>),
/// <c>rampart.alerts.dropped</c> (counter, <c>rampart.alert.queue</c>: <c>dispatch</c> or <c>webhook</c>),
/// <c>rampart.alerts.webhook.failed</c> (counter: alerts given up after every attempt) and
/// <c>rampart.alerts.evicted</c> (observable counter: tracked rates evicted by the cap).
/// </summary>
internal sealed class AlertMetrics
{
    public const string RaisedName = "rampart.alerts.raised";
    public const string DroppedName = "rampart.alerts.dropped";
    public const string WebhookFailedName = "rampart.alerts.webhook.failed";
    public const string EvictedName = "rampart.alerts.evicted";

    private readonly Meter _meter;
    private readonly Counter<long> _raised;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _webhookFailed;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        _meter = RampartTelemetry.CreateMeter(meterFactory);
        _raised = _meter.CreateCounter<long>(RaisedName, "{alert}", "Alerts raised, by signal and scope.");
        _dropped = _meter.CreateCounter<long>(DroppedName, "{alert}", "Alerts dropped because a bounded queue was full.");
        _webhookFailed = _meter.CreateCounter<long>(WebhookFailedName, "{alert}", "Alerts the webhook did not accept after every attempt.");
    }

    public void Observe(AlertMonitor monitor)
        => _meter.CreateObservableCounter(EvictedName, () => monitor.Evictions, "{rate}", "Tracked rates evicted to keep within the cap.");

    public void Raised(RampartAlert alert)
        => _raised.Add(1,
            new KeyValuePair<string, object?>("rampart.alert.signal", AlertJson.Name(alert.Signal)),
            new KeyValuePair<string, object?>("rampart.alert.scope", AlertJson.Name(alert.Scope)));

    public void Dropped(string queue) => _dropped.Add(1, new KeyValuePair<string, object?>("rampart.alert.queue", queue));

    public void WebhookFailed() => _webhookFailed.Add(1);
}
