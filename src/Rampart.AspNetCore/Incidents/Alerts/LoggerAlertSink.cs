using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>Writes every alert as a warning (event 1620, <c>RampartAlert</c>) in category <c>Rampart.Incidents.Alerts</c>.</summary>
internal sealed class LoggerAlertSink(ILoggerFactory loggers) : IRampartAlertSink
{
    private readonly ILogger _logger = loggers.CreateLogger(AlertLog.Category);

    public ValueTask SendAsync(RampartAlert alert, CancellationToken cancellationToken)
    {
        AlertLog.Alert(
            _logger, alert.Id, AlertJson.Name(alert.Signal), alert.Reason, AlertJson.Name(alert.Scope), alert.Organization, alert.KeyId,
            alert.RatePerMinute, alert.Multiple, alert.BaselinePerMinute, alert.Details);
        return ValueTask.CompletedTask;
    }
}
