using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>
/// Where key records live. Implementations never see a secret: only ids, metadata, salts and hashes.
/// Every implementation passes the same contract test suite.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Adds a new record. Throws <see cref="ApiKeyStoreConflictException"/> when the id exists.</summary>
    Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>The record with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of records matching <paramref name="query"/>, ordered by id.</summary>
    Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the stored record with the same id when its <see cref="ApiKeyRecord.Version"/> equals
    /// <paramref name="record"/>'s, storing it with the version incremented. Returns <see langword="false"/>
    /// and changes nothing when the record is missing or was changed by another writer. Re-hashing a key
    /// after it verifies goes through this too, so it can never undo a revocation or rotation made meanwhile,
    /// nor be undone by one.
    /// </summary>
    Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the key at <paramref name="revokedAt"/> unless it is revoked already, in one conditional write, so that
    /// instances sharing the store that revoke the same key at the same moment revoke it exactly once. Returns
    /// <see langword="true"/> when this call revoked it (its version incremented), <see langword="false"/> when there
    /// is no such key or it was revoked before. The default reads and updates with <see cref="UpdateAsync"/>'s
    /// version check, which gives the same answer; Rampart's stores use one conditional statement.
    /// </summary>
    async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        while (true)
        {
            var current = await FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null || current.RevokedAt is not null)
            {
                return false;
            }

            // A conflict means another writer changed the record meanwhile: read it again and decide on what it holds now.
            if (await UpdateAsync(current with { RevokedAt = revokedAt }, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Atomically updates <paramref name="rotated"/> (as <see cref="UpdateAsync"/>) and adds
    /// <paramref name="replacement"/>. Returns <see langword="false"/> and changes nothing on a conflict.
    /// </summary>
    Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default);

    /// <summary>Records when keys were last used. Called in batches, never once per request.</summary>
    Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many keys each hash scheme and pepper version holds, ordered by scheme then pepper version;
    /// "usable" counts the keys neither revoked nor expired at <paramref name="now"/>. The default walks every
    /// page of <see cref="ListAsync"/>; stores that can group in a query do so.
    /// </summary>
    Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => ApiKeyHashCounting.CountByPagingAsync(this, now, cancellationToken);
}
