namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// The append-only, hash-chained log of privileged actions. Key life-cycle changes made through
/// <c>IApiKeyManager</c> and newly configured pepper versions are recorded automatically; apps
/// record their own privileged actions with <see cref="AppendAsync"/>.
/// </summary>
public interface IAdminAuditLog
{
    /// <summary>Appends an action. <paramref name="details"/> must not hold secrets.</summary>
    Task<AdminLogEntry> AppendAsync(string action, string? keyId, string? details = null, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an action unless an entry with the same <paramref name="action"/> and
    /// <paramref name="details"/> is already in the log; returns null when one is. The built-in log
    /// checks and appends as one step, so instances starting together record a fact once.
    /// </summary>
    async Task<AdminLogEntry?> AppendOnceAsync(string action, string details, CancellationToken cancellationToken = default)
    {
        // Not atomic: a log that cannot check and append in one step reads what is there first.
        for (long from = 1; ;)
        {
            var page = await ReadAsync(from, 1000, cancellationToken).ConfigureAwait(false);
            if (page.Any(e => e.Action == action && e.Details == details))
            {
                return null;
            }

            if (page.Count < 1000)
            {
                return await AppendAsync(action, keyId: null, details, actor: null, cancellationToken).ConfigureAwait(false);
            }

            from = page[^1].Sequence + 1;
        }
    }

    /// <summary>Entries in sequence order from <paramref name="fromSequence"/>.</summary>
    Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence = 1, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Walks the chain and reports the first entry that was edited, removed or reordered. Pass a
    /// head hash kept outside the database to detect entries cut from the end as well.
    /// </summary>
    Task<AdminLogVerification> VerifyAsync(string? expectedHeadHash = null, CancellationToken cancellationToken = default);
}
