using System.Diagnostics.Metrics;

namespace Rampart.AspNetCore.Diagnostics;

/// <summary>
/// The <c>Rampart</c> meter (versioned, see <see cref="RampartTelemetry"/>), for OpenTelemetry
/// (<c>AddMeter("Rampart")</c>) or <c>dotnet-counters</c>:
/// <list type="bullet">
/// <item><c>rampart.requests</c> (counter, <c>rampart.outcome</c>): every request by outcome.</item>
/// <item><c>rampart.rejections</c> (counter, <c>error.type</c>): authentication and scope refusals by reason code.</item>
/// <item><c>rampart.key.verify.duration</c> (histogram, seconds, <c>rampart.result</c>): time to verify a presented key.</item>
/// </list>
/// Tags carry only fixed vocabularies (never a key id or name) so cardinality stays bounded.
/// </summary>
internal sealed class RampartMetrics
{
    public const string MeterName = RampartTelemetry.Name;
    public const string RequestsName = "rampart.requests";
    public const string RejectionsName = "rampart.rejections";
    public const string VerifyDurationName = "rampart.key.verify.duration";

    private static readonly double[] DurationBuckets = [0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _verifyDuration;

    public RampartMetrics(IMeterFactory meterFactory)
    {
        var meter = RampartTelemetry.CreateMeter(meterFactory);
        _requests = meter.CreateCounter<long>(RequestsName, "{request}", "Requests seen by Rampart, by outcome.");
        _rejections = meter.CreateCounter<long>(RejectionsName, "{request}", "Requests Rampart refused, by reason.");
        _verifyDuration = meter.CreateHistogram(
            VerifyDurationName,
            "s",
            "Time to verify a presented API key.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Counts a finished request under the outcome its status means, and tags the request activity with it.</summary>
    public void RequestCompleted(int statusCode)
    {
        var outcome = Outcome(statusCode);
        RampartTelemetry.Decided(outcome);
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("rampart.outcome", outcome));
        }
    }

    /// <summary>Counts a rejection; <paramref name="reason"/> is a fixed code such as <c>expired_key</c> or <c>rate_limited</c>.</summary>
    public void Rejected(string reason)
    {
        RampartTelemetry.Rejected(reason);
        if (_rejections.Enabled)
        {
            _rejections.Add(1, new KeyValuePair<string, object?>(RampartTelemetry.ErrorTypeTag, reason));
        }
    }

    /// <summary>Records how long a key took to verify.</summary>
    public void KeyVerified(TimeSpan elapsed, bool succeeded)
    {
        if (_verifyDuration.Enabled)
        {
            _verifyDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("rampart.result", succeeded ? "success" : "failure"));
        }
    }

    public static string Outcome(int statusCode) => statusCode switch
    {
        401 => "unauthenticated",
        403 => "forbidden",
        429 => "rate_limited",
        >= 500 => "server_error",
        >= 400 => "client_error",
        _ => "success",
    };
}
