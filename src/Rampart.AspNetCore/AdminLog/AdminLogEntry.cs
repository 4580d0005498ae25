namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// One privileged action in the tamper-evident admin log. <see cref="Hash"/> is
/// SHA-256 over <see cref="PreviousHash"/> and the entry's fields, so each entry commits to the whole history before it.
/// </summary>
public sealed record AdminLogEntry
{
    /// <summary>The position in the log, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the action happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>What happened; see <see cref="AdminActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>Who did it, when known.</summary>
    public string? Actor { get; init; }

    /// <summary>The key concerned, by id.</summary>
    public string? KeyId { get; init; }

    /// <summary>Further facts (never a secret), such as the scopes granted.</summary>
    public string? Details { get; init; }

    /// <summary>The previous entry's hash; 64 zeros for the first entry.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>This entry's hash, lower-case hex.</summary>
    public required string Hash { get; init; }
}

/// <summary>The actions Rampart records in the admin log.</summary>
public static class AdminActions
{
    /// <summary>A key was issued.</summary>
    public const string KeyCreated = "key.created";

    /// <summary>A key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>
    /// A secret scanner reported a key as public and it verified; the actor names the report's signing key, the details
    /// the action taken (<c>revoked</c> or <c>flagged</c>) and where the key was found.
    /// </summary>
    public const string KeyLeakReported = "key.leak_reported";

    /// <summary>A key was rotated; the details name the replacement.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>A key's expiry was set.</summary>
    public const string KeyExpiryChanged = "key.expiry_changed";

    /// <summary>A key's scopes were changed.</summary>
    public const string KeyScopesChanged = "key.scopes_changed";

    /// <summary>A key's roles were changed.</summary>
    public const string KeyRolesChanged = "key.roles_changed";

    /// <summary>A key's rate-limit tier was changed (operators only).</summary>
    public const string KeyTierChanged = "key.tier_changed";

    /// <summary>
    /// An operator acted on another organisation's keys or audit records; the actor is the acting key,
    /// the details name the action and the organisation.
    /// </summary>
    public const string CrossOrganization = "operator.cross_organization";

    /// <summary>A key was renamed.</summary>
    public const string KeyRenamed = "key.renamed";

    /// <summary>A pepper version was configured for the first time.</summary>
    public const string PepperVersionAdded = "pepper.version_added";

    /// <summary>What Rampart holds about a data subject was exported; the details name the subject by pseudonym only.</summary>
    public const string SubjectExported = "subject.exported";

    /// <summary>A data subject's keys were revoked and their personal fields erased; the details name the subject by pseudonym only.</summary>
    public const string SubjectErased = "subject.erased";
}

/// <summary>What was wrong with the first bad entry.</summary>
public enum AdminLogTampering
{
    /// <summary>Nothing: the chain holds.</summary>
    None = 0,

    /// <summary>The entry's fields no longer match its hash.</summary>
    Edited,

    /// <summary>An entry is missing (a gap, a broken link, or the tail cut below the expected head).</summary>
    Removed,

    /// <summary>The entry is intact but sits after the wrong predecessor.</summary>
    Reordered,
}

/// <summary>The verdict of <see cref="IAdminAuditLog.VerifyAsync"/>.</summary>
/// <param name="Tampering">What was found first.</param>
/// <param name="FirstBadSequence">The sequence number of the first entry edited, removed or reordered.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="HeadHash">The hash of the last entry read; keep it elsewhere to detect a cut tail later.</param>
public sealed record AdminLogVerification(AdminLogTampering Tampering, long? FirstBadSequence, long EntriesChecked, string HeadHash)
{
    /// <summary>True when the chain holds.</summary>
    public bool IsIntact => Tampering == AdminLogTampering.None;
}
