namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Filters and paging for reading audit records newest first. Paging is by position (time, then
/// insertion order), so a page never repeats or skips a record while new ones are being written.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The page size when none is given.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only records of requests by keys of this organisation (so never an unauthenticated request's).</summary>
    public string? Organization { get; init; }

    /// <summary>Only records of requests by this key id.</summary>
    public string? KeyId { get; init; }

    /// <summary>Only records with this response status.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Only records with this outcome.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Records per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The <see cref="AuditPage.ContinuationToken"/> of the previous page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The page size clamped to the allowed range.</summary>
    public int EffectivePageSize => Math.Clamp(PageSize, 1, MaxPageSize);

    /// <summary>The lowest status of <see cref="Outcome"/> (inclusive) and the highest (exclusive).</summary>
    internal (int Min, int Max) StatusRange => Outcome switch
    {
        AuditOutcome.Success => (0, 400),
        AuditOutcome.ClientError => (400, 500),
        AuditOutcome.ServerError => (500, int.MaxValue),
        _ => (int.MinValue, int.MaxValue),
    };
}

/// <summary>How a request ended, by its response status.</summary>
public enum AuditOutcome
{
    /// <summary>A status below 400.</summary>
    Success,

    /// <summary>A 4xx status: refused (401, 403, 429) or bad input.</summary>
    ClientError,

    /// <summary>A 5xx status.</summary>
    ServerError,
}

/// <summary>A page of audit records, newest first.</summary>
/// <param name="Items">The records.</param>
/// <param name="ContinuationToken">Pass it as <see cref="AuditQuery.ContinuationToken"/> for the next (older) page; <see langword="null"/> on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? ContinuationToken);
