namespace Rampart.AspNetCore.Audit;

/// <summary>The persistent audit store (SQLite), its retention and the tamper-evident admin log.</summary>
public sealed class AuditStoreOptions
{
    /// <summary>
    /// The SQLite connection string, e.g. <c>Data Source=/var/lib/app/rampart-audit.db</c>. When unset
    /// (the default) audit records go to the logger only and the admin log is kept in memory.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long stored audit records are kept. Default: 90 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often expired records are purged. Default: 1 hour.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most records waiting to be written; past it new records are dropped and counted. Default: 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// While records are being dropped, how often the exact count is reported (the first drop is reported
    /// at once). Default: 1 minute.
    /// </summary>
    public TimeSpan DropReportInterval { get; set; } = TimeSpan.FromMinutes(1);
}
