using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Checks a presented key: grammar and checksum (no store), then the record (cache, else store),
/// then the keyed hash in constant time, then the record's state. An unknown id, a record of another
/// prefix or environment and a wrong secret all cost one HMAC and answer alike, so neither the answer nor
/// the work tells whether an id exists. A key hashed under an older scheme or pepper is re-hashed once it
/// verifies. The cached path allocates nothing.
/// </summary>
internal sealed class ApiKeyVerifier
{
    private readonly ApiKeyHasher _hasher;
    private readonly ApiKeyHashUpgrader _upgrader;
    private readonly ApiKeyRecordCache _cache;
    private readonly IApiKeyStore _store;
    private readonly LastUsedRecorder _lastUsed;
    private readonly RoleCatalog _roles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _prefix;
    private readonly ApiKeyEnvironment _environment;
    private readonly ApiKeyRecord _standIn;

    public ApiKeyVerifier(
        ApiKeyHasher hasher,
        ApiKeyHashUpgrader upgrader,
        ApiKeyRecordCache cache,
        IApiKeyStore store,
        LastUsedRecorder lastUsed,
        RoleCatalog roles,
        TimeProvider time,
        IOptions<RampartOptions> options,
        ILoggerFactory loggerFactory)
    {
        _hasher = hasher;
        _upgrader = upgrader;
        _cache = cache;
        _store = store;
        _lastUsed = lastUsed;
        _roles = roles;
        _time = time;
        _logger = loggerFactory.CreateLogger(AuthenticationLog.Category);
        _prefix = options.Value.Keys.Prefix;
        _environment = options.Value.Keys.Environment;
        _standIn = hasher.CreateStandIn(_prefix, _environment);
    }

    /// <summary>The authentication-layer event logger (category <see cref="AuthenticationLog.Category"/>).</summary>
    public ILogger Events => _logger;

    public ValueTask<ApiKeyVerification> VerifyAsync(string credential, CancellationToken cancellationToken)
        => VerifyAsync(credential.AsMemory(), cancellationToken);

    /// <summary>Verifies <paramref name="credential"/>, a slice of the request's header or query value.</summary>
    public ValueTask<ApiKeyVerification> VerifyAsync(ReadOnlyMemory<char> credential, CancellationToken cancellationToken)
    {
        var status = ApiKeyParser.Parse(credential.Span, _prefix, _environment, out var key);
        if (status != ApiKeyParseStatus.Valid)
        {
            return new(ApiKeyVerification.Fail(FailureFor(status)));
        }

        if (_cache.TryGet(key.KeyId, out var cached))
        {
            var verification = Check(cached, key.Secret, out var upgraded);
            return upgraded is null ? new(verification) : _upgrader.WriteAsync(verification, cached!, upgraded, cancellationToken);
        }

        return VerifyFromStoreAsync(credential, key.KeyId.ToString(), cancellationToken);
    }

    private async ValueTask<ApiKeyVerification> VerifyFromStoreAsync(ReadOnlyMemory<char> credential, string keyId, CancellationToken cancellationToken)
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
        var secret = credential.Span.Slice(credential.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
        var verification = Check(record, secret, out var upgraded);
        return upgraded is null ? verification : await _upgrader.WriteAsync(verification, record!, upgraded, cancellationToken).ConfigureAwait(false);
    }

    private ApiKeyVerification Check(ApiKeyRecord? record, ReadOnlySpan<char> secret, out ApiKeyRecord? upgraded)
    {
        upgraded = null;

        // The parser already holds the key to this app's prefix; a record of another prefix (another app
        // sharing the store) or environment is no record at all. Without a usable record the stand-in is
        // checked instead: the same code, one HMAC over a message of the same length, never a match.
        var usable = record is not null && record.Environment == _environment && string.Equals(record.Prefix, _prefix, StringComparison.Ordinal);
        var verdict = _hasher.Verify(usable ? record! : _standIn, secret);
        if (!usable || verdict != ApiKeyHashVerdict.Match || record is null)
        {
            if (usable && verdict == ApiKeyHashVerdict.PepperMissing)
            {
                AuthenticationLog.PepperVersionMissing(_logger, record!.Id, record.PepperVersion);
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
                upgraded = _upgrader.Prepare(record, secret);
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
