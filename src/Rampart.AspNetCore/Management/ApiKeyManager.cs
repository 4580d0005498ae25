using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management;

/// <summary>Issues keys and applies life-cycle changes with optimistic concurrency; every change invalidates caches.</summary>
internal sealed class ApiKeyManager : IApiKeyManager
{
    private const int MaxTextLength = 200;
    private const int MaxScopes = 100;
    private const int MaxAttempts = 5;

    private readonly IApiKeyStore _store;
    private readonly ApiKeyHasher _hasher;
    private readonly ApiKeyRecordCache _cache;
    private readonly IApiKeyChangeNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ApiKeyOptions _options;
    private readonly RoleCatalog _roles;
    private readonly ApiKeyHashStatistics _hashStatistics;
    private readonly ApiKeyRateLimitReader _rateLimits;

    public ApiKeyManager(IApiKeyStore store, ApiKeyHasher hasher, ApiKeyRecordCache cache, IApiKeyChangeNotifier notifier, TimeProvider time, IOptions<RampartOptions> options, RoleCatalog roles, ApiKeyHashStatistics hashStatistics, ApiKeyRateLimitReader rateLimits)
    {
        _rateLimits = rateLimits;
        _roles = roles;
        _hashStatistics = hashStatistics;
        _store = store;
        _hasher = hasher;
        _cache = cache;
        _notifier = notifier;
        _time = time;
        _options = options.Value.Keys;
    }

    public async Task<CreatedApiKey> CreateAsync(ApiKeyCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        ValidateText(request.Name, "name");
        ValidateText(request.Owner, "owner");
        ValidateText(request.Organization, "organization");
        ValidateScopes(request.Scopes);
        ValidateRoles(request.Roles);
        if (request.Tier is not null)
        {
            ValidateText(request.Tier, "tier");
        }

        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw new ApiKeyManagementException(ApiKeyManagementError.ExpiryInPast, "The expiry must be in the future.");
        }

        var (key, record) = Issue(request.Environment ?? _options.Environment, now, template: null, request);
        await _store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(key, record);
    }

    public Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _store.FindAsync(id, cancellationToken);
    }

    public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.ListAsync(query, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(CancellationToken cancellationToken = default)
        => _hashStatistics.CountAsync(cancellationToken);

    public Task<ApiKeyRateLimitStatus?> GetRateLimitStatusAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
        => _rateLimits.ReadAsync(record, cancellationToken);

    public async Task<ApiKeyRecord> RevokeAsync(string id, CancellationToken cancellationToken = default)
        => (await TryRevokeAsync(id, cancellationToken).ConfigureAwait(false)).Record;

    public async Task<ApiKeyRevocation> TryRevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);

        // The store decides: only the writer that finds the key not yet revoked revokes it.
        var revoked = await _store.RevokeAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            await ChangedAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return new ApiKeyRevocation(await FindOrThrowAsync(id, cancellationToken).ConfigureAwait(false), revoked);
    }

    public Task<ApiKeyRecord> ExpireAsync(string id, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
        => UpdateAsync(
            id,
            (record, now) =>
            {
                var expires = at ?? now;
                if (expires < now)
                {
                    throw new ApiKeyManagementException(ApiKeyManagementError.ExpiryInPast, "The expiry must be now or in the future.");
                }

                return record.RevokedAt is null ? record with { ExpiresAt = expires } : throw InvalidState("revoked");
            },
            cancellationToken);

    public Task<ApiKeyRecord> UpdateAsync(string id, ApiKeyUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Name is null && request.Scopes is null && request.ExpiresAt is null && request.Roles is null && request.Tier is null)
        {
            throw new ApiKeyManagementException(ApiKeyManagementError.InvalidArgument, "Nothing to change: give a name, scopes, roles, a tier or an expiry.");
        }

        if (request.Roles is not null)
        {
            ValidateRoles(request.Roles);
        }

        if (request.Tier is not null)
        {
            ValidateText(request.Tier, "tier");
        }

        if (request.Name is not null)
        {
            ValidateText(request.Name, "name");
        }

        if (request.Scopes is not null)
        {
            ValidateScopes(request.Scopes);
        }

        if (request.ExpiresAt is { } requested && requested <= _time.GetUtcNow())
        {
            throw new ApiKeyManagementException(ApiKeyManagementError.ExpiryInPast, "The expiry must be in the future.");
        }

        return UpdateAsync(
            id,
            (record, now) =>
            {
                if (record.RevokedAt is not null)
                {
                    throw InvalidState("revoked");
                }

                if (record.ReplacedBy is not null)
                {
                    throw InvalidState("replaced by rotation");
                }

                if (request.IfVersion is { } version && version != record.Version)
                {
                    throw new ApiKeyManagementException(ApiKeyManagementError.Conflict, "The key was changed since it was read; read it again and retry.");
                }

                return record with
                {
                    Name = request.Name ?? record.Name,
                    Scopes = request.Scopes is null ? record.Scopes : ApiKeyInputHygiene.DistinctScopes(request.Scopes),
                    Roles = request.Roles is null ? record.Roles : [.. request.Roles.Distinct(StringComparer.Ordinal)],
                    Tier = request.Tier ?? record.Tier,
                    ExpiresAt = request.ExpiresAt ?? record.ExpiresAt,
                };
            },
            cancellationToken);
    }

    public async Task<CreatedApiKey> RotateAsync(string id, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var grace = gracePeriod ?? _options.DefaultRotationGracePeriod;
        if (grace < TimeSpan.Zero || grace > _options.MaxRotationGracePeriod)
        {
            throw new ApiKeyManagementException(
                ApiKeyManagementError.GracePeriodOutOfRange,
                $"The grace period must be between zero and {_options.MaxRotationGracePeriod}.");
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await FindOrThrowAsync(id, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var state = current.GetState(now);
            if (state is not ApiKeyState.Active)
            {
                throw InvalidState(state.ToString().ToLowerInvariant());
            }

            var (key, replacement) = Issue(current.Environment, now, current, request: null);
            var graceEnds = now + grace;
            var rotated = current with
            {
                ReplacedBy = replacement.Id,
                ExpiresAt = current.ExpiresAt is { } expires && expires < graceEnds ? expires : graceEnds,
            };
            if (await _store.RotateAsync(rotated, replacement, cancellationToken).ConfigureAwait(false))
            {
                await ChangedAsync(id, cancellationToken).ConfigureAwait(false);
                return new CreatedApiKey(key, replacement);
            }
        }

        throw Conflict();
    }

    private async Task<ApiKeyRecord> UpdateAsync(string id, Func<ApiKeyRecord, DateTimeOffset, ApiKeyRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await FindOrThrowAsync(id, cancellationToken).ConfigureAwait(false);
            var updated = change(current, _time.GetUtcNow());
            if (updated is null)
            {
                return current;
            }

            if (await _store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false))
            {
                await ChangedAsync(id, cancellationToken).ConfigureAwait(false);
                return updated with { Version = updated.Version + 1 };
            }
        }

        throw Conflict();
    }

    private async Task ChangedAsync(string id, CancellationToken cancellationToken)
    {
        _cache.Invalidate(id);
        await _notifier.PublishAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApiKeyRecord> FindOrThrowAsync(string id, CancellationToken cancellationToken)
        => await _store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);

    /// <summary>The one answer for an id that names no key the caller may see, whether it exists elsewhere or not.</summary>
    internal static ApiKeyManagementException NotFound(string id)
        => new(ApiKeyManagementError.NotFound, $"No key has the id '{Printable(id)}'.");

    private (string Key, ApiKeyRecord Record) Issue(ApiKeyEnvironment environment, DateTimeOffset now, ApiKeyRecord? template, ApiKeyCreateRequest? request)
    {
        var id = ApiKeyGenerator.NewKeyId();
        var key = ApiKeyGenerator.NewKey(_options.Prefix, environment, id);
        var salt = ApiKeyGenerator.NewSalt();
        var secret = key.AsSpan(key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
        var record = new ApiKeyRecord
        {
            Id = id,
            Prefix = _options.Prefix,
            Name = template?.Name ?? request!.Name,
            Owner = template?.Owner ?? request!.Owner,
            Organization = template?.Organization ?? request!.Organization,
            Environment = environment,
            Scopes = ApiKeyInputHygiene.DistinctScopes(template?.Scopes ?? request!.Scopes),
            Roles = [.. (template?.Roles ?? request!.Roles).Distinct(StringComparer.Ordinal)],
            Tier = template is null ? request!.Tier : template.Tier,
            CreatedAt = now,
            ExpiresAt = template is null ? request!.ExpiresAt : template.ExpiresAt,
            Salt = salt,
            Hash = _hasher.Hash(_options.Prefix, environment, id, salt, secret),
            HashVersion = ApiKeyHasher.CurrentHashVersion,
            PepperVersion = _hasher.CurrentVersion,
        };
        return (key, record);
    }

    private static void ValidateText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength || !ApiKeyInputHygiene.IsDisplaySafe(value))
        {
            throw new ApiKeyManagementException(
                ApiKeyManagementError.InvalidArgument,
                $"The {field} must be 1 to {MaxTextLength} printable characters, without control, format or bidirectional-override characters.");
        }
    }

    private static void ValidateScopes(IReadOnlyList<string>? scopes)
    {
        if (scopes is null || scopes.Count == 0 || scopes.Count > MaxScopes)
        {
            throw new ApiKeyManagementException(ApiKeyManagementError.InvalidArgument, $"A key needs 1 to {MaxScopes} scopes.");
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            // The value is not echoed: a pasted key must not end up in an error message.
            if (!ApiScope.IsValidGrant(scopes[i]))
            {
                throw new ApiKeyManagementException(
                    ApiKeyManagementError.InvalidArgument,
                    $"Scope #{i + 1} is not valid: use 'resource:action' with lower-case letters, digits, '.', '_', '-', or '*' for a whole part.");
            }
        }
    }

    private void ValidateRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count > MaxScopes)
        {
            throw new ApiKeyManagementException(ApiKeyManagementError.InvalidArgument, $"A key carries at most {MaxScopes} roles.");
        }

        for (var i = 0; i < roles.Count; i++)
        {
            if (!RoleCatalog.IsValidName(roles[i]) || !_roles.IsDefined(roles[i]))
            {
                throw new ApiKeyManagementException(ApiKeyManagementError.InvalidArgument, $"Role #{i + 1} is not one of the roles configured in Rampart:Roles.");
            }
        }
    }

    private static ApiKeyManagementException InvalidState(string state)
        => new(ApiKeyManagementError.InvalidState, $"The key is {state} and cannot be changed that way.");

    private static ApiKeyManagementException Conflict()
        => new(ApiKeyManagementError.Conflict, "The key was changed by another writer; try again.");

    // Ids are 12 characters; echoing no more than that keeps a mistakenly pasted key's secret out of the message.
    private static string Printable(string? value)
        => value is null ? string.Empty : new string(value.Take(ApiKeyFormat.KeyIdLength).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
