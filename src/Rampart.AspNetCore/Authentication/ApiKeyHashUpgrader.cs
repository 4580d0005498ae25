using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Re-hashes a key under the current scheme and pepper right after its secret verified: the only moment
/// the secret is at hand. The write is the store's conditional update on the row version, so a revocation,
/// rotation or other re-hash that got there first wins and this one changes nothing; the key is then
/// re-read on its next request. One write per key id at a time on this instance.
/// </summary>
internal sealed class ApiKeyHashUpgrader(IApiKeyStore store, ApiKeyHasher hasher, ApiKeyRecordCache cache, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger(AuthenticationLog.Category);

    /// <summary>
    /// The re-hashed record when <paramref name="verified"/> needs one and no other request of this instance
    /// is writing it; <see langword="null"/> otherwise. Pass a non-null result to <see cref="WriteAsync"/>.
    /// </summary>
    public ApiKeyRecord? Prepare(ApiKeyRecord verified, ReadOnlySpan<char> secret)
    {
        if (!hasher.NeedsRehash(verified) || !_inFlight.TryAdd(verified.Id, 0))
        {
            return null;
        }

        var salt = ApiKeyGenerator.NewSalt();
        return verified with
        {
            Salt = salt,
            Hash = hasher.Hash(verified.Prefix, verified.Environment, verified.Id, salt, secret),
            HashVersion = ApiKeyHasher.CurrentHashVersion,
            PepperVersion = hasher.CurrentVersion,
        };
    }

    /// <summary>
    /// Stores <paramref name="upgraded"/> if the row is still the one that verified. Never fails the request:
    /// the key verified either way, and a failed write is tried again when the key next verifies.
    /// </summary>
    public async ValueTask<ApiKeyVerification> WriteAsync(ApiKeyVerification verification, ApiKeyRecord verified, ApiKeyRecord upgraded, CancellationToken cancellationToken)
    {
        var stamp = cache.InvalidationStamp;
        try
        {
            if (await store.UpdateAsync(upgraded, cancellationToken).ConfigureAwait(false))
            {
                cache.Add(upgraded with { Version = upgraded.Version + 1 }, stamp);
                AuthenticationLog.KeyRehashed(_logger, verified.Id, verified.HashVersion, verified.PepperVersion, upgraded.HashVersion, upgraded.PepperVersion);
            }
            else
            {
                // Changed meanwhile (revoked, rotated, re-hashed elsewhere): read it afresh next time.
                cache.Invalidate(verified.Id);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AuthenticationLog.RehashFailed(_logger, verified.Id, exception);
        }
        catch (OperationCanceledException)
        {
            // The request went away; the next verification tries again.
        }
        finally
        {
            _inFlight.TryRemove(verified.Id, out _);
        }

        return verification;
    }
}
