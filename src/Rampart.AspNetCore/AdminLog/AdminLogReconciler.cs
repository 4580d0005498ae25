using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// At start, compares every key in the key store with what the admin log says about it (its
/// entries replayed, <see cref="LoggedKeyState"/>) and appends an entry for each difference: a
/// creation, rename, scope, role, tier or expiry change, rotation or revocation that reached the
/// store but not the log. The key store and the admin log may live in different databases, so a
/// change and its entry are two writes: a process killed between them leaves the change without its
/// entry, and this closes the gap at the next start. Reconciled entries say so in their details,
/// state the stored value and the key's organisation, and are appended once even when several
/// instances start together.
/// </summary>
internal sealed class AdminLogReconciler(IApiKeyStore keys, IAdminAuditLog log, IAdminLogStore logStore, Rampart.AspNetCore.DataSubjects.DataSubjectPseudonymizer pseudonymizer, ILoggerFactory loggerFactory) : IHostedService
{
    public const string Marker = "reconciled at start-up";
    private const int PageSize = 1000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A log that does not outlive the process (or one the app supplies) has nothing to reconcile with.
        if (log is not AdminAuditLog chain || logStore is InMemoryAdminLogStore)
        {
            return;
        }

        var logger = loggerFactory.CreateLogger(AuditLog.Category);
        try
        {
            var appended = await ReconcileAsync(chain, cancellationToken).ConfigureAwait(false);
            if (appended > 0)
            {
                AuditLog.AdminReconciled(logger, appended);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(logger, Marker, null, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal async Task<int> ReconcileAsync(AdminAuditLog chain, CancellationToken cancellationToken)
    {
        var logged = new Dictionary<string, LoggedKeyState>(StringComparer.Ordinal);
        for (long from = 1; ;)
        {
            var page = await chain.ReadAsync(from, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (entry.KeyId is { } keyId)
                {
                    if (!logged.TryGetValue(keyId, out var state))
                    {
                        logged[keyId] = state = new LoggedKeyState();
                    }

                    state.Apply(entry);
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            from = page[^1].Sequence + 1;
        }

        var appended = 0;
        string? continuation = null;
        do
        {
            var page = await keys.ListAsync(new ApiKeyQuery { PageSize = ApiKeyQuery.MaxPageSize, ContinuationToken = continuation }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                foreach (var (action, details) in Differences(record, logged.GetValueOrDefault(record.Id)))
                {
                    if (await chain.AppendOnceAsync(action, record.Id, details, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        appended++;
                    }
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return appended;
    }

    /// <summary>
    /// The entries that bring the log's account of a key up to its stored record, one per kind of
    /// change, each stating the stored value. A key the log never saw created gets its creation
    /// (which states name, scopes, roles, tier and expiry) and then its rotation and revocation.
    /// Each entry names the key's organisation and its record version, so instances starting
    /// together append it once, and a field changed back and forth is recorded each time.
    /// </summary>
    private IEnumerable<(string Action, string Details)> Differences(ApiKeyRecord record, LoggedKeyState? logged)
    {
        var name = pseudonymizer.Pseudonymize("key_name", record.Name);
        var expires = LoggedKeyState.Milliseconds(record.ExpiresAt);
        var change = string.Create(CultureInfo.InvariantCulture, $"{Marker}; organization={record.Organization}; version={record.Version}");
        if (logged is not { Created: true })
        {
            yield return (AdminActions.KeyCreated, $"{Marker}; {AdminLoggingApiKeyManager.Describe(record, pseudonymizer)}");
        }
        else
        {
            if (!string.Equals(logged.NamePseudonym, name, StringComparison.Ordinal))
            {
                yield return (AdminActions.KeyRenamed, $"{change}; name={name}");
            }

            if (!LoggedKeyState.SameSet(logged.Scopes, record.Scopes))
            {
                yield return (AdminActions.KeyScopesChanged, $"{change}; scopes={string.Join(' ', record.Scopes)}");
            }

            if (!LoggedKeyState.SameSet(logged.Roles, record.Roles))
            {
                yield return (AdminActions.KeyRolesChanged, $"{change}; roles={string.Join(' ', record.Roles)}");
            }

            if (!string.Equals(logged.Tier, record.Tier ?? string.Empty, StringComparison.Ordinal))
            {
                yield return (AdminActions.KeyTierChanged, $"{change}; tier={record.Tier}");
            }
        }

        // A rotation's entry states the expiry it set, so it comes before the expiry is compared.
        var rotated = record.ReplacedBy is { } replacement && !string.Equals(logged?.ReplacedBy, replacement, StringComparison.Ordinal);
        if (rotated)
        {
            yield return (AdminActions.KeyRotated, $"{change}; {AdminLoggingApiKeyManager.DescribeRotation(record.ReplacedBy!, record.ExpiresAt)}");
        }

        if (logged is { Created: true } && !rotated && logged.ExpiresMs != expires)
        {
            yield return (AdminActions.KeyExpiryChanged, string.Create(CultureInfo.InvariantCulture, $"{change}; expires={record.ExpiresAt:O}"));
        }

        if (record.RevokedAt is { } revoked && logged?.Revoked != true)
        {
            yield return (AdminActions.KeyRevoked, string.Create(CultureInfo.InvariantCulture, $"{change}; revoked={revoked:O}"));
        }
    }
}
