namespace Rampart.AspNetCore.DataSubjects;

/// <summary>
/// Data-subject requests: export everything Rampart holds about a key owner or an organisation, or
/// erase it. Every request is recorded in the admin log, naming the subject by pseudonym only. The
/// admin endpoints (<c>MapRampartDataSubjects</c>, operators only) and the <c>keys subject</c>
/// command line act through it. See <c>docs/data-subject-requests.md</c>.
/// </summary>
public interface IDataSubjectManager
{
    /// <summary>
    /// The subject's keys (without salts or hashes), the audit records of those keys (for an
    /// organisation: of the organisation), their usage counts and the admin-log entries that name them.
    /// </summary>
    /// <param name="subject">Whom the request is about.</param>
    /// <param name="actor">Who asks, as the admin log should show it.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    Task<DataSubjectExport> ExportAsync(DataSubject subject, string? actor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the subject's keys at once and replaces their personal fields (owner, name; an
    /// organisation's id too) by pseudonyms; anonymises their audit records (key names by pseudonym;
    /// user agent, headers, query and body cleared; the path replaced by the route). The admin log is
    /// not edited: it names people only by reference and pseudonym, so its chain still verifies.
    /// Running it again finds nothing more to erase.
    /// </summary>
    /// <param name="subject">Whom the request is about.</param>
    /// <param name="actor">Who asks, as the admin log should show it.</param>
    /// <param name="cancellationToken">Cancels the erasure (what is done stays done).</param>
    Task<DataSubjectErasure> EraseAsync(DataSubject subject, string? actor = null, CancellationToken cancellationToken = default);
}
