using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.DataSubjects;

/// <summary>Everything Rampart holds about one data subject, as JSON-serialisable data. Never a key, a salt or a hash.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="ExportedAt">When it was read.</param>
/// <param name="Keys">The subject's keys, masked.</param>
/// <param name="AuditRecords">The audit records of those keys (for an organisation: of the organisation), newest first.</param>
/// <param name="Usage">Their usage counts, hourly.</param>
/// <param name="AdminLog">Admin-log entries that name the subject's keys, the organisation, or the subject's earlier requests.</param>
/// <param name="Truncated">True when there were more than <see cref="MaxAuditRecords"/> audit records or more usage rows than one query returns.</param>
public sealed record DataSubjectExport(
    DataSubject Subject,
    DateTimeOffset ExportedAt,
    IReadOnlyList<ApiKeyView> Keys,
    IReadOnlyList<AuditRecord> AuditRecords,
    IReadOnlyList<UsageRow> Usage,
    IReadOnlyList<AdminLogEntry> AdminLog,
    bool Truncated)
{
    /// <summary>The most audit records one export holds.</summary>
    public const int MaxAuditRecords = 100_000;
}

/// <summary>What an erasure did.</summary>
/// <param name="Subject">Whom it was about.</param>
/// <param name="Pseudonym">The pseudonym that stands for the subject from now on (in the admin log and the erased records).</param>
/// <param name="ErasedAt">When it ran.</param>
/// <param name="KeysErased">Keys revoked and cleared of personal fields.</param>
/// <param name="AuditRecordsAnonymized">Audit records anonymised.</param>
public sealed record DataSubjectErasure(DataSubject Subject, string Pseudonym, DateTimeOffset ErasedAt, int KeysErased, int AuditRecordsAnonymized);
