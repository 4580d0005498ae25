namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>What was done with a reported key.</summary>
internal enum LeakAction
{
    /// <summary>Not this app's key (another format, unknown id, wrong secret): nothing done.</summary>
    None = 0,

    Revoked,

    /// <summary>Reported again after it was revoked: still a true positive, revoked once.</summary>
    AlreadyRevoked,

    /// <summary>Left working under <see cref="LeakResponsePolicy.FlagAndNotify"/>, recorded and alerted.</summary>
    Flagged,
}

/// <summary>The verdict on one reported token.</summary>
internal readonly record struct LeakVerdict(LeakAction Action)
{
    public bool TruePositive => Action != LeakAction.None;

    /// <summary>The label secret scanners read: <c>true_positive</c> or <c>false_positive</c>.</summary>
    public string Label => TruePositive ? "true_positive" : "false_positive";

    public string ActionName => Action switch
    {
        LeakAction.Revoked => "revoked",
        LeakAction.AlreadyRevoked => "already_revoked",
        LeakAction.Flagged => "flagged",
        _ => "none",
    };
}
