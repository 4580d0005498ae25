using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// Issues and manages keys. Only <see cref="CreateAsync"/> and <see cref="RotateAsync"/> ever see a
/// key's plaintext, and they return it once; nothing else can recover it.
/// </summary>
public interface IApiKeyManager
{
    /// <summary>Issues a key. The returned <see cref="CreatedApiKey.Key"/> is the only copy of the secret.</summary>
    Task<CreatedApiKey> CreateAsync(ApiKeyCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>The record with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of records.</summary>
    Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default);

    /// <summary>Revokes the key at once. Revoking a revoked key changes nothing and returns it.</summary>
    Task<ApiKeyRecord> RevokeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the key at once unless it is revoked already, and says whether this call revoked it: of several callers
    /// revoking one key at the same moment, on one instance or on several sharing the store, exactly one is told it did
    /// (Rampart's manager asks the store for one conditional write). Throws <see cref="ApiKeyManagementException"/> for an unknown id.
    /// </summary>
    /// <remarks>The default, for managers that do not implement it, reads the key before revoking it, which is not exact under concurrency.</remarks>
    async Task<ApiKeyRevocation> TryRevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiKeyManager.NotFound(id);
        return new ApiKeyRevocation(await RevokeAsync(id, cancellationToken).ConfigureAwait(false), before.RevokedAt is null);
    }

    /// <summary>
    /// Issues a replacement with the same name, owner, organisation, scopes and tier. The old key keeps
    /// working for <paramref name="gracePeriod"/> (default <see cref="ApiKeyOptions.DefaultRotationGracePeriod"/>), then is refused.
    /// </summary>
    Task<CreatedApiKey> RotateAsync(string id, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the name, scopes, roles, tier or expiry of a key that is neither revoked nor replaced. Invalid input is
    /// refused with <see cref="ApiKeyManagementException"/> and changes nothing.
    /// </summary>
    Task<ApiKeyRecord> UpdateAsync(string id, ApiKeyUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets when the key expires: a future time, or now to expire it at once.</summary>
    Task<ApiKeyRecord> ExpireAsync(string id, DateTimeOffset? at = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many keys each hash scheme and pepper version holds, across every organisation: operator
    /// information for retiring a pepper version (it can go once no usable key needs it).
    /// </summary>
    Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What is left of <paramref name="record"/>'s rate-limit windows and quota, and of its organisation's, read from the
    /// limiter without counting anything. Null when rate limits are off (and from managers that do not implement it).
    /// The caller decides who may see it: the admin endpoints show it only for keys of the caller's organisation.
    /// </summary>
    Task<ApiKeyRateLimitStatus?> GetRateLimitStatusAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
        => Task.FromResult<ApiKeyRateLimitStatus?>(null);
}
