namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>One match in a leak report: the token found, the sender's name for its type, where it was found and in what kind of content.</summary>
internal sealed record ReportedToken(string Token, string? Type, string? Url, string? Source)
{
    /// <summary>Never the token itself.</summary>
    public override string ToString() => $"ReportedToken {{ Type = {Type}, Source = {Source} }}";
}
