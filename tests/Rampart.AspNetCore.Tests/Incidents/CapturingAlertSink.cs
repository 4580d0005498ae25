using System.Threading.Channels;
using Rampart.AspNetCore.Incidents.Alerts;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>An app's own sink: keeps every alert for the test to read, with a bounded wait for the next one.</summary>
internal sealed class CapturingAlertSink : IRampartAlertSink
{
    private readonly Channel<RampartAlert> _alerts = Channel.CreateUnbounded<RampartAlert>();

    public ValueTask SendAsync(RampartAlert alert, CancellationToken cancellationToken)
    {
        _alerts.Writer.TryWrite(alert);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next alert; fails the test after a generous bound rather than hanging.</summary>
    public Task<RampartAlert> NextAsync() => Eventually.CompletesAsync(_alerts.Reader.ReadAsync().AsTask(), "the next alert");

    /// <summary>The alerts that have arrived so far, without waiting.</summary>
    public List<RampartAlert> Drain()
    {
        var alerts = new List<RampartAlert>();
        while (_alerts.Reader.TryRead(out var alert))
        {
            alerts.Add(alert);
        }

        return alerts;
    }
}
