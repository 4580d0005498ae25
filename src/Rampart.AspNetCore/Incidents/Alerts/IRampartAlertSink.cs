namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// Receives Rampart's alerts. Register more with <c>services.AddRampartAlertSink&lt;T&gt;()</c>; Rampart has a logger sink
/// (always on) and a webhook sink (when <c>Rampart:Incidents:Alerts:Webhook:Url</c> is set).
/// </summary>
/// <remarks>
/// Sinks are called one after another from one background task, never from a request. A sink that does slow work
/// (network, disk) should queue it and return, as the webhook sink does; an exception is logged and the next sink still runs.
/// </remarks>
public interface IRampartAlertSink
{
    /// <summary>Delivers or queues <paramref name="alert"/>.</summary>
    ValueTask SendAsync(RampartAlert alert, CancellationToken cancellationToken);
}
