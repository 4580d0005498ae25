namespace Rampart.AspNetCore.DataSubjects;

/// <summary>
/// Which audit records an erasure anonymises and how: the records of <see cref="KeyIds"/> and, for an
/// organisation, every record of <see cref="Organization"/>. Their key names become pseudonyms, the
/// user agent, headers, query and body are cleared, and the path gives way to the route template;
/// an organisation's id becomes <see cref="OrganizationPseudonym"/> there and in its usage counts.
/// </summary>
public sealed record AuditAnonymization
{
    /// <summary>The keys whose records are anonymised.</summary>
    public required IReadOnlyCollection<string> KeyIds { get; init; }

    /// <summary>For an organisation's erasure: its id.</summary>
    public string? Organization { get; init; }

    /// <summary>For an organisation's erasure: the pseudonym that replaces its id.</summary>
    public string? OrganizationPseudonym { get; init; }

    /// <summary>The pseudonym of a key name.</summary>
    public required Func<string, string> PseudonymizeKeyName { get; init; }
}
