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
