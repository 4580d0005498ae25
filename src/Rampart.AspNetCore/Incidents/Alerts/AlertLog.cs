using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>Alert events (category <c>Rampart.Incidents.Alerts</c>, ids 1620–1639).</summary>
internal static partial class AlertLog
{
    public const string Category = "Rampart.Incidents.Alerts";

    [LoggerMessage(1620, LogLevel.Warning, "Rampart alert {AlertId}: {Signal} ({Reason}) for {Scope} {Organization} {KeyId} at {RatePerMinute}/min, {Multiple}x the baseline of {BaselinePerMinute}/min. {Details}", EventName = "RampartAlert")]
    public static partial void Alert(ILogger logger, string alertId, string signal, string reason, string scope, string? organization, string? keyId, double ratePerMinute, double multiple, double baselinePerMinute, string? details);

    [LoggerMessage(1621, LogLevel.Warning, "Alert {AlertId} dropped: the {Queue} queue is full.", EventName = "AlertDropped")]
    public static partial void Dropped(ILogger logger, string queue, string alertId);

    [LoggerMessage(1622, LogLevel.Error, "Alert sink {Sink} failed on alert {AlertId}.", EventName = "AlertSinkFailed")]
    public static partial void SinkFailed(ILogger logger, string sink, string alertId, Exception exception);

    [LoggerMessage(1623, LogLevel.Warning, "Alert webhook attempt {Attempt} for alert {AlertId} failed ({Failure}); retrying in {DelayMs} ms.", EventName = "AlertWebhookRetry")]
    public static partial void WebhookRetry(ILogger logger, int attempt, string alertId, string failure, double delayMs);

    [LoggerMessage(1624, LogLevel.Error, "Alert webhook gave up on alert {AlertId} after {Attempts} attempts ({Failure}).", EventName = "AlertWebhookFailed")]
    public static partial void WebhookFailed(ILogger logger, string alertId, int attempts, string failure);
}
