using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.DataSubjects;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// Records every key life-cycle change made through <see cref="IApiKeyManager"/> in the admin log,
/// by key id and non-secret facts only. Key names, which may name a person, are written as
/// pseudonyms: the chain can never be edited, so it holds nothing an erasure would have to remove
/// (the key record, which can be erased, holds the name). The change has happened when the entry is written; if the
/// log cannot be written the failure is logged (event 1206) and the change stands.
/// </summary>
internal sealed class AdminLoggingApiKeyManager(IApiKeyManager inner, IAdminAuditLog log, DataSubjectPseudonymizer pseudonymizer, ILoggerFactory loggerFactory) : IApiKeyManager
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(AuditLog.Category);

    public async Task<CreatedApiKey> CreateAsync(ApiKeyCreateRequest request, CancellationToken cancellationToken = default)
    {
        var created = await inner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        var record = created.Record;
        await RecordAsync(AdminActions.KeyCreated, record.Id, Describe(record, pseudonymizer), cancellationToken).ConfigureAwait(false);
        return created;
    }

    public Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(CancellationToken cancellationToken = default) => inner.CountByHashAsync(cancellationToken);

    public Task<ApiKeyRateLimitStatus?> GetRateLimitStatusAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => inner.GetRateLimitStatusAsync(record, cancellationToken);

    public async Task<ApiKeyRecord> RevokeAsync(string id, CancellationToken cancellationToken = default)
        => (await TryRevokeAsync(id, cancellationToken).ConfigureAwait(false)).Record;

    public async Task<ApiKeyRevocation> TryRevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        // Only the revocation that happened is recorded: revoking a revoked key, here or on another instance, adds nothing.
        var revocation = await inner.TryRevokeAsync(id, cancellationToken).ConfigureAwait(false);
        if (revocation.Revoked)
        {
            await RecordAsync(AdminActions.KeyRevoked, revocation.Record.Id, null, cancellationToken).ConfigureAwait(false);
        }

        return revocation;
    }

    public async Task<CreatedApiKey> RotateAsync(string id, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default)
    {
        var created = await inner.RotateAsync(id, gracePeriod, cancellationToken).ConfigureAwait(false);

        // Rotation also moves the old key's expiry to the end of the grace period; the entry says where.
        var rotated = await ReadBackAsync(id, cancellationToken).ConfigureAwait(false);
        await RecordAsync(AdminActions.KeyRotated, id, DescribeRotation(created.Record.Id, rotated?.ExpiresAt), cancellationToken).ConfigureAwait(false);
        await RecordAsync(AdminActions.KeyCreated, created.Record.Id, Describe(created.Record, pseudonymizer), cancellationToken).ConfigureAwait(false);
        return created;
    }

    public async Task<ApiKeyRecord> ExpireAsync(string id, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var record = await inner.ExpireAsync(id, at, cancellationToken).ConfigureAwait(false);
        await RecordAsync(AdminActions.KeyExpiryChanged, record.Id, $"expires={record.ExpiresAt:O}", cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task<ApiKeyRecord> UpdateAsync(string id, ApiKeyUpdateRequest request, CancellationToken cancellationToken = default)
    {
        var record = await inner.UpdateAsync(id, request, cancellationToken).ConfigureAwait(false);

        // One entry per kind of change, so scope changes can be watched on their own.
        if (request.Name is not null)
        {
            await RecordAsync(AdminActions.KeyRenamed, record.Id, $"name={pseudonymizer.Pseudonymize("key_name", record.Name)}", cancellationToken).ConfigureAwait(false);
        }

        if (request.Scopes is not null)
        {
            await RecordAsync(AdminActions.KeyScopesChanged, record.Id, $"scopes={string.Join(' ', record.Scopes)}", cancellationToken).ConfigureAwait(false);
        }

        if (request.Roles is not null)
        {
            await RecordAsync(AdminActions.KeyRolesChanged, record.Id, $"roles={string.Join(' ', record.Roles)}", cancellationToken).ConfigureAwait(false);
        }

        if (request.Tier is not null)
        {
            await RecordAsync(AdminActions.KeyTierChanged, record.Id, $"tier={record.Tier}", cancellationToken).ConfigureAwait(false);
        }

        if (request.ExpiresAt is not null)
        {
            await RecordAsync(AdminActions.KeyExpiryChanged, record.Id, $"expires={record.ExpiresAt:O}", cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>A new key's facts as the admin log keeps them: the name by pseudonym, never in clear.</summary>
    internal static string Describe(ApiKeyRecord record, DataSubjectPseudonymizer pseudonymizer)
        => $"name={pseudonymizer.Pseudonymize("key_name", record.Name)}; organization={record.Organization}; environment={ApiKeyParser.EnvironmentText(record.Environment)}; scopes={string.Join(' ', record.Scopes)}"
           + (record.Roles.Count == 0 ? string.Empty : $"; roles={string.Join(' ', record.Roles)}")
           + (record.Tier is null ? string.Empty : $"; tier={record.Tier}")
           + (record.ExpiresAt is null ? string.Empty : $"; expires={record.ExpiresAt:O}");

    /// <summary>A rotation as the admin log keeps it: the replacement and, when it could be read back, the old key's new expiry.</summary>
    internal static string DescribeRotation(string replacement, DateTimeOffset? expires)
        => $"replacement={replacement}" + (expires is null ? string.Empty : $"; expires={expires:O}");

    private async Task<ApiKeyRecord?> ReadBackAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The rotation stands and its entry names the replacement only; the next start's
            // reconciliation sees the expiry the log lacks and records it (event 1207).
            return null;
        }
    }

    private async Task RecordAsync(string action, string keyId, string? details, CancellationToken cancellationToken)
    {
        try
        {
            await log.AppendAsync(action, keyId, details, actor: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(_logger, action, keyId, exception);
        }
    }
}
