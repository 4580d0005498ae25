using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Checks a presented key: grammar and checksum (no store), then the record (cache, else store),
/// then the keyed hash in constant time, then the record's state. The cached path allocates nothing.
/// </summary>
internal sealed class ApiKeyVerifier
{
    private readonly ApiKeyHasher _hasher;
    private readonly ApiKeyRecordCache _cache;
    private readonly IApiKeyStore _store;
    private readonly LastUsedRecorder _lastUsed;
    private readonly RoleCatalog _roles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;
    private readonly ApiKeyEnvironment _environment;

    public ApiKeyVerifier(
        ApiKeyHasher hasher,
        ApiKeyRecordCache cache,
        IApiKeyStore store,
        LastUsedRecorder lastUsed,
        RoleCatalog roles,
        TimeProvider time,
        IOptions<RampartOptions> options,
        ILoggerFactory loggerFactory)
    {
        _hasher = hasher;
        _cache = cache;
        _store = store;
        _lastUsed = lastUsed;
        _roles = roles;
        _time = time;
        _logger = loggerFactory.CreateLogger(AuthenticationLog.Category);
        _prefix = options.Value.Keys.Prefix;
        _environment = options.Value.Keys.Environment;
    }

    /// <summary>The authentication-layer event logger (category <see cref="AuthenticationLog.Category"/>).</summary>
    public ILogger Events => _logger;

    public ValueTask<ApiKeyVerification> VerifyAsync(string credential, CancellationToken cancellationToken)
    {
        var status = ApiKeyParser.Parse(credential, _prefix, _environment, out var key);
        if (status != ApiKeyParseStatus.Valid)
        {
            return new(ApiKeyVerification.Fail(FailureFor(status)));
        }

        if (_cache.TryGet(key.KeyId, out var cached))
        {
            return new(Check(cached, key.Secret));
        }

        return VerifyFromStoreAsync(credential, key.KeyId.ToString(), cancellationToken);
    }

    private async ValueTask<ApiKeyVerification> VerifyFromStoreAsync(string credential, string keyId, CancellationToken cancellationToken)
    {
        ApiKeyRecord? record;
        var stamp = _cache.InvalidationStamp;
        try
        {
            record = await _store.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            AuthenticationLog.KeyStoreUnavailable(_logger, keyId, exception);
            return ApiKeyVerification.Fail(ApiKeyFailureReason.StoreUnavailable);
        }

        if (record is null)
        {
            _cache.AddUnknown(keyId, stamp);
        }
        else
        {
            // Roles are expanded once per read of the store and cached with the record.
            record = _roles.WithEffectiveScopes(record);
            _cache.Add(record, stamp);
        }

        // The secret sits just before the fixed-width checksum at the end of the key.
        var secret = credential.AsSpan(credential.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
        return Check(record, secret);
    }

    private ApiKeyVerification Check(ApiKeyRecord? record, ReadOnlySpan<char> secret)
    {
        if (record is null || record.Environment != _environment)
        {
            return ApiKeyVerification.Fail(ApiKeyFailureReason.Unknown);
        }

        if (!_hasher.Verify(record.PepperVersion, record.Salt, secret, record.Hash))
        {
            if (!_hasher.HasVersion(record.PepperVersion))
            {
                AuthenticationLog.PepperVersionMissing(_logger, record.Id, record.PepperVersion);
            }

            return ApiKeyVerification.Fail(ApiKeyFailureReason.Unknown);
        }

        var now = _time.GetUtcNow();
        switch (record.GetState(now))
        {
            case ApiKeyState.Revoked:
                return ApiKeyVerification.Fail(ApiKeyFailureReason.Revoked, record);
            case ApiKeyState.Expired:
                return ApiKeyVerification.Fail(ApiKeyFailureReason.Expired, record);
            case ApiKeyState.Rotated:
                return ApiKeyVerification.Fail(ApiKeyFailureReason.Rotated, record);
            default:
                _lastUsed.Record(record.Id, now);
                return ApiKeyVerification.Success(record);
        }
    }

    private static ApiKeyFailureReason FailureFor(ApiKeyParseStatus status) => status switch
    {
        ApiKeyParseStatus.Empty => ApiKeyFailureReason.Missing,
        ApiKeyParseStatus.WrongPrefix => ApiKeyFailureReason.WrongPrefix,
        ApiKeyParseStatus.WrongEnvironment => ApiKeyFailureReason.WrongEnvironment,
        _ => ApiKeyFailureReason.Malformed,
    };
}
