using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.DataSubjects;

/// <summary>
/// Export and erasure over the key store, the audit store and the admin log. Keys are found by owner
/// or organisation; audit records and usage by those keys' ids (an organisation's also by its id);
/// admin-log entries by key id, acting key, organisation and the subject's pseudonym.
/// </summary>
internal sealed class DataSubjectManager(
    IApiKeyManager keys,
    IApiKeyStore store,
    ApiKeyRecordCache cache,
    IApiKeyChangeNotifier notifier,
    IAuditStore audit,
    AuditRecordQueue queue,
    IAdminAuditLog adminLog,
    DataSubjectPseudonymizer pseudonymizer,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IDataSubjectManager
{
    private const int MaxIdLength = 200;
    private const int MaxAttempts = 5;

    public async Task<DataSubjectExport> ExportAsync(DataSubject subject, string? actor = null, CancellationToken cancellationToken = default)
    {
        Validate(subject);
        var now = time.GetUtcNow();

        // Records still queued belong in the export too.
        await queue.FlushAsync(cancellationToken).ConfigureAwait(false);
        var records = await FindKeysAsync(subject, cancellationToken).ConfigureAwait(false);
        var keyIds = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var (auditRecords, recordsTruncated) = await ReadAuditAsync(subject, keyIds, cancellationToken).ConfigureAwait(false);
        var usage = new List<UsageRow>();
        var usageTruncated = false;
        foreach (var query in subject.Kind == DataSubjectKind.Organization
                     ? [new UsageQuery { Organization = subject.Id, Period = UsagePeriod.Hour }]
                     : keyIds.Order(StringComparer.Ordinal).Select(id => new UsageQuery { KeyId = id, Period = UsagePeriod.Hour }))
        {
            var report = await audit.QueryUsageAsync(query, cancellationToken).ConfigureAwait(false);
            usage.AddRange(report.Items);
            usageTruncated |= report.Truncated;
        }

        var entries = await ReadAdminLogAsync(subject, keyIds, cancellationToken).ConfigureAwait(false);
        await RecordAsync(AdminActions.SubjectExported, subject, $"keys={records.Count}; audit_records={auditRecords.Count}", actor, cancellationToken).ConfigureAwait(false);
        return new DataSubjectExport(
            subject,
            now,
            [.. records.Select(r => ApiKeyView.From(r, now))],
            auditRecords,
            usage,
            entries,
            recordsTruncated || usageTruncated);
    }

    public async Task<DataSubjectErasure> EraseAsync(DataSubject subject, string? actor = null, CancellationToken cancellationToken = default)
    {
        Validate(subject);
        var now = time.GetUtcNow();
        var organizationPseudonym = subject.Kind == DataSubjectKind.Organization ? pseudonymizer.Pseudonymize("organization", subject.Id) : null;
        var records = await FindKeysAsync(subject, cancellationToken).ConfigureAwait(false);

        // Revoked first, so the keys stop working before anything else happens.
        foreach (var record in records.Where(r => r.RevokedAt is null))
        {
            await keys.RevokeAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var record in records)
        {
            await ClearAsync(record.Id, organizationPseudonym, cancellationToken).ConfigureAwait(false);
        }

        // Records of these keys still queued are stored first, so none escapes the anonymisation.
        await queue.FlushAsync(cancellationToken).ConfigureAwait(false);
        var anonymized = await audit.AnonymizeAsync(
            new AuditAnonymization
            {
                KeyIds = [.. records.Select(r => r.Id)],
                Organization = subject.Kind == DataSubjectKind.Organization ? subject.Id : null,
                OrganizationPseudonym = organizationPseudonym,
                PseudonymizeKeyName = name => pseudonymizer.Pseudonymize("key_name", name),
            },
            cancellationToken).ConfigureAwait(false);

        await RecordAsync(AdminActions.SubjectErased, subject, $"keys={records.Count}; audit_records={anonymized}", actor, cancellationToken).ConfigureAwait(false);
        return new DataSubjectErasure(subject, Pseudonym(subject), now, records.Count, anonymized);
    }

    /// <summary>How the admin log names the subject: by kind and pseudonym.</summary>
    private string Pseudonym(DataSubject subject) => pseudonymizer.Pseudonymize(subject.KindText, subject.Id);

    private string SubjectReference(DataSubject subject) => $"subject={subject.KindText}:{Pseudonym(subject)}";

    private async Task ClearAsync(string id, string? organizationPseudonym, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return;
            }

            var cleared = current with
            {
                Name = pseudonymizer.Pseudonymize("key_name", current.Name),
                Owner = pseudonymizer.Pseudonymize("owner", current.Owner),
                Organization = organizationPseudonym ?? current.Organization,
            };
            if (await store.UpdateAsync(cleared, cancellationToken).ConfigureAwait(false))
            {
                cache.Invalidate(id);
                await notifier.PublishAsync(id, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        throw new ApiKeyManagementException(ApiKeyManagementError.Conflict, "A key was changed by another writer during the erasure; run it again.");
    }

    private async Task<List<ApiKeyRecord>> FindKeysAsync(DataSubject subject, CancellationToken cancellationToken)
    {
        var query = subject.Kind == DataSubjectKind.Owner
            ? new ApiKeyQuery { Owner = subject.Id, PageSize = ApiKeyQuery.MaxPageSize }
            : new ApiKeyQuery { Organization = subject.Id, PageSize = ApiKeyQuery.MaxPageSize };
        var found = new List<ApiKeyRecord>();
        do
        {
            var page = await keys.ListAsync(query, cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Items);
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        return found;
    }

    private async Task<(List<AuditRecord> Records, bool Truncated)> ReadAuditAsync(DataSubject subject, HashSet<string> keyIds, CancellationToken cancellationToken)
    {
        var queries = subject.Kind == DataSubjectKind.Organization
            ? [new AuditQuery { Organization = subject.Id, PageSize = AuditQuery.MaxPageSize }]
            : keyIds.Order(StringComparer.Ordinal).Select(id => new AuditQuery { KeyId = id, PageSize = AuditQuery.MaxPageSize }).ToList();
        var records = new List<AuditRecord>();
        foreach (var first in queries)
        {
            var query = first;
            do
            {
                var page = await audit.QueryAsync(query, cancellationToken).ConfigureAwait(false);
                records.AddRange(page.Items);
                if (records.Count >= DataSubjectExport.MaxAuditRecords)
                {
                    return (records.GetRange(0, DataSubjectExport.MaxAuditRecords), true);
                }

                query = query with { ContinuationToken = page.ContinuationToken };
            }
            while (query.ContinuationToken is not null);
        }

        return (records, false);
    }

    private async Task<List<AdminLogEntry>> ReadAdminLogAsync(DataSubject subject, HashSet<string> keyIds, CancellationToken cancellationToken)
    {
        var reference = SubjectReference(subject);
        var organization = subject.Kind == DataSubjectKind.Organization ? subject.Id : null;
        var named = new List<AdminLogEntry>();
        for (long from = 1; ;)
        {
            var page = await adminLog.ReadAsync(from, 1000, cancellationToken).ConfigureAwait(false);
            named.AddRange(page.Where(e => Names(e, keyIds, organization, reference)));
            if (page.Count < 1000)
            {
                return named;
            }

            from = page[^1].Sequence + 1;
        }
    }

    // The actor of an admin request reads "key <id> (<organisation>)"; details are "name=value; ..." pairs.
    private static bool Names(AdminLogEntry entry, HashSet<string> keyIds, string? organization, string reference)
    {
        if (entry.KeyId is { } keyId && keyIds.Contains(keyId))
        {
            return true;
        }

        if (entry.Actor is { } actor && actor.StartsWith("key ", StringComparison.Ordinal) && actor.IndexOf(' ', 4) is > 4 and var end
            && keyIds.Contains(actor[4..end]))
        {
            return true;
        }

        var details = entry.Details ?? string.Empty;
        if (HasPair(details, reference))
        {
            return true;
        }

        return organization is not null
            && (HasPair(details, "organization=" + organization) || entry.Actor?.EndsWith($"({organization})", StringComparison.Ordinal) == true);
    }

    private static bool HasPair(string details, string pair)
        => details.Split("; ", StringSplitOptions.None).Contains(pair, StringComparer.Ordinal);

    private async Task RecordAsync(string action, DataSubject subject, string facts, string? actor, CancellationToken cancellationToken)
    {
        try
        {
            await adminLog.AppendAsync(action, keyId: null, $"{SubjectReference(subject)}; {facts}", actor, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AuditLog.AdminAppendFailed(loggerFactory.CreateLogger(AuditLog.Category), action, null, exception);
        }
    }

    private static void Validate(DataSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (string.IsNullOrWhiteSpace(subject.Id) || subject.Id.Length > MaxIdLength || !ApiKeyInputHygiene.IsDisplaySafe(subject.Id) || !Enum.IsDefined(subject.Kind))
        {
            throw new ApiKeyManagementException(
                ApiKeyManagementError.InvalidArgument,
                $"The subject must be an owner or an organisation id of 1 to {MaxIdLength} printable characters.");
        }
    }
}
