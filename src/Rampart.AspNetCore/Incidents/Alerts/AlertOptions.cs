namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// Anomaly alerts (<c>Rampart:Incidents:Alerts</c>): per minute, for every request, each organisation and each key,
/// the rates of refusals (by reason), 429s and store failures are compared with a baseline learned as an exponentially
/// weighted moving average; crossing a multiple of it raises one alert per level per incident.
/// </summary>
/// <remarks>
/// The default levels (3×, 5×, 10× baseline) are the ones API providers publish for alerting on authentication failures
/// and error-rate spikes. See <c>docs/alerts.md</c>.
/// </remarks>
public sealed class AlertOptions
{
    /// <summary>Whether rates are tracked and alerts raised. Default: on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The multiples of the baseline that raise an alert, ascending. Default: 3, 5, 10.</summary>
    public IList<double> Multiples { get; } = [3, 5, 10];

    /// <summary>
    /// The span the baseline averages over: each minute weighs <c>2 / (minutes + 1)</c> in it. Default: 30 minutes.
    /// The baseline is held still during an incident, so a sustained attack does not become normal.
    /// </summary>
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Minutes after start before any alert, while baselines are learned. Default: 10.</summary>
    public int WarmUpMinutes { get; set; } = 10;

    /// <summary>
    /// The baseline never counts as lower than this many events a minute, so a quiet key's first few refusals
    /// are not "infinitely" above its baseline of zero. Default: 5.
    /// </summary>
    public double MinimumBaselinePerMinute { get; set; } = 5;

    /// <summary>Whole minutes a rate must stay below its baseline before an incident ends and its levels can alert again. Default: 5.</summary>
    public int QuietMinutesToReArm { get; set; } = 5;

    /// <summary>
    /// The most rates tracked at once (one per subject and reason); the least recently seen is evicted past it, and
    /// evictions are counted (<c>rampart.alerts.evicted</c>). Default: 10 000 (a few hundred bytes each).
    /// </summary>
    public int MaxTrackedRates { get; set; } = 10_000;

    /// <summary>Alerts waiting for the sinks; past it alerts are dropped and counted (<c>rampart.alerts.dropped</c>). Default: 1 000.</summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>The webhook sink: off until <see cref="AlertWebhookOptions.Url"/> is set.</summary>
    public AlertWebhookOptions Webhook { get; } = new();
}

/// <summary>
/// Alerts POSTed as JSON to a URL (<c>Rampart:Incidents:Alerts:Webhook</c>), signed so the receiver can tell them from forgeries:
/// <c>Rampart-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))</c> and <c>Rampart-Timestamp</c> (Unix seconds);
/// receivers should refuse timestamps more than five minutes old.
/// </summary>
public sealed class AlertWebhookOptions
{
    /// <summary>Where alerts are sent; HTTPS (loopback excepted). Default: none (the sink is off).</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared HMAC secret, at least 32 characters. Keep it out of source control (user secrets, a vault).</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts per alert, the first included; retried on network errors, timeouts, 408, 429 and 5xx. Default: 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubled each time (with jitter) up to <see cref="MaxBackoff"/>. Default: 2 seconds.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts. Default: one minute.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take. Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts waiting for delivery; past it alerts are dropped and counted. Default: 1 000.</summary>
    public int QueueCapacity { get; set; } = 1_000;
}
