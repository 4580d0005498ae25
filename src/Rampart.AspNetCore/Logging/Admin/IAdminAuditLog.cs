namespace Rampart.AspNetCore.Logging;

/// <summary>
/// The append-only, hash-chained log of privileged actions. Key life-cycle changes made through
/// <c>IApiKeyManager</c> and newly configured pepper versions are recorded automatically; apps
/// record their own privileged actions with <see cref="AppendAsync"/>.
/// </summary>
public interface IAdminAuditLog
{
    /// <summary>Appends an action. <paramref name="details"/> must not hold secrets.</summary>
    Task<AdminLogEntry> AppendAsync(string action, string? keyId, string? details = null, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>Entries in sequence order from <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence = 1, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Walks the chain and reports the first entry that was edited, removed or reordered. Pass a
    /// head hash kept outside the database to detect entries cut from the end as well.
    /// </summary>
    Task<AdminLogVerification> VerifyAsync(string? expectedHeadHash = null, CancellationToken cancellationToken = default);
}
