using System.Diagnostics.Metrics;
using Rampart.AspNetCore.Diagnostics;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>
/// On the <c>Rampart</c> meter: <c>rampart.leak_reports.tokens</c> (counter, <c>rampart.leak.label</c>,
/// <c>rampart.leak.action</c>) and <c>rampart.leak_reports.refused</c> (counter, <c>error.type</c>). Fixed vocabularies only.
/// </summary>
internal sealed class LeakReportMetrics
{
    public const string TokensName = "rampart.leak_reports.tokens";
    public const string RefusedName = "rampart.leak_reports.refused";

    private readonly Counter<long> _tokens;
    private readonly Counter<long> _refused;

    public LeakReportMetrics(IMeterFactory meterFactory)
    {
        var meter = RampartTelemetry.CreateMeter(meterFactory);
        _tokens = meter.CreateCounter<long>(TokensName, "{token}", "Tokens reported by secret scanners, by verdict and action.");
        _refused = meter.CreateCounter<long>(RefusedName, "{report}", "Leak reports refused (unsigned, badly signed, too large, malformed).");
    }

    public void Assessed(LeakVerdict verdict)
        => _tokens.Add(1,
            new KeyValuePair<string, object?>("rampart.leak.label", verdict.Label),
            new KeyValuePair<string, object?>("rampart.leak.action", verdict.ActionName));

    public void Refused(string code) => _refused.Add(1, new KeyValuePair<string, object?>(RampartTelemetry.ErrorTypeTag, code));
}
