namespace Rampart.AspNetCore.Usage;

/// <summary>Filters and grouping for reading usage counts.</summary>
public sealed record UsageQuery
{
    /// <summary>The most rows a store returns for one query.</summary>
    public const int MaxRows = 5_000;

    /// <summary>Only periods starting at or after this time (rounded down to the period).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only periods starting before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only usage of this organisation's keys.</summary>
    public string? Organization { get; init; }

    /// <summary>Only usage of this key.</summary>
    public string? KeyId { get; init; }

    /// <summary>Hourly or daily counts (UTC days).</summary>
    public UsagePeriod Period { get; init; } = UsagePeriod.Day;

    /// <summary>One row per key, or per organisation (its keys summed).</summary>
    public UsageGrouping GroupBy { get; init; } = UsageGrouping.Key;
}

/// <summary>The length of a usage period.</summary>
public enum UsagePeriod
{
    /// <summary>A clock hour, UTC.</summary>
    Hour,

    /// <summary>A calendar day, UTC.</summary>
    Day,
}

/// <summary>What a usage row counts for.</summary>
public enum UsageGrouping
{
    /// <summary>One key.</summary>
    Key,

    /// <summary>One organisation: its keys summed.</summary>
    Organization,
}

/// <summary>Requests counted for one key (or organisation), period and outcome.</summary>
/// <param name="Organization">The organisation.</param>
/// <param name="KeyId">The key; <see langword="null"/> when grouped by organisation.</param>
/// <param name="PeriodStart">The start of the hour or day, UTC.</param>
/// <param name="Outcome">One of <see cref="UsageOutcomes"/>.</param>
/// <param name="Count">Requests.</param>
public sealed record UsageRow(string Organization, string? KeyId, DateTimeOffset PeriodStart, string Outcome, long Count);

/// <summary>The answer to a <see cref="UsageQuery"/>, oldest period first.</summary>
/// <param name="Items">The rows.</param>
/// <param name="Truncated">True when more than <see cref="UsageQuery.MaxRows"/> rows matched: narrow the range.</param>
public sealed record UsageReport(IReadOnlyList<UsageRow> Items, bool Truncated);
