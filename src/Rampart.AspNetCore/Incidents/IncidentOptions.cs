using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.Incidents.LeakReports;

namespace Rampart.AspNetCore.Incidents;

/// <summary>What Rampart does after an incident (<c>Rampart:Incidents</c>): leaked-key reports and anomaly alerts.</summary>
public sealed class IncidentOptions
{
    /// <summary>Secret-scanning reports of leaked keys (<c>Rampart:Incidents:LeakReports</c>).</summary>
    public LeakReportOptions LeakReports { get; } = new();

    /// <summary>Alerts on anomalous rates of refusals, 429s and store failures (<c>Rampart:Incidents:Alerts</c>).</summary>
    public AlertOptions Alerts { get; } = new();
}
