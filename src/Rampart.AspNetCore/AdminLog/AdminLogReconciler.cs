using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// At start, gives every key creation, revocation and rotation found in the key store an admin log
/// entry if it has none. The key store and the admin log may live in different databases, so a
/// change and its entry are two writes: a process killed between them leaves the change without its
/// entry, and this closes the gap at the next start. Reconciled entries say so in their details, and
/// are appended once even when several instances start together.
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
        var logged = new HashSet<(string Action, string KeyId)>();
        for (long from = 1; ;)
        {
            var page = await chain.ReadAsync(from, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (entry.KeyId is { } keyId)
                {
                    logged.Add((entry.Action, keyId));
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
                foreach (var (action, details) in Changes(record))
                {
                    if (!logged.Contains((action, record.Id))
                        && await chain.AppendOnceAsync(action, record.Id, $"{Marker}; {details}", cancellationToken).ConfigureAwait(false) is not null)
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

    // The changes a stored record shows, with the details the manager would have written.
    private IEnumerable<(string Action, string Details)> Changes(ApiKeyRecord record)
    {
        yield return (AdminActions.KeyCreated, AdminLoggingApiKeyManager.Describe(record, pseudonymizer));
        if (record.ReplacedBy is { } replacement)
        {
            yield return (AdminActions.KeyRotated, $"replacement={replacement}");
        }

        if (record.RevokedAt is { } revoked)
        {
            yield return (AdminActions.KeyRevoked, string.Create(CultureInfo.InvariantCulture, $"revoked={revoked:O}"));
        }
    }
}
