using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.Audit;

/// <summary>Where audit records are kept for their retention window. The default is SQLite (<c>Rampart:Logging:Store:ConnectionString</c>).</summary>
public interface IAuditStore
{
    /// <summary>Appends records in one batch.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Records with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes records older than <paramref name="cutoff"/>, and usage counts of hours that started
    /// before it, so usage is kept exactly as long as the records; returns how many records.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of records matching <paramref name="query"/>, newest first, at most
    /// <see cref="AuditQuery.MaxPageSize"/>. The built-in stores implement it; the audit endpoints need it.
    /// </summary>
    /// <exception cref="ArgumentException">The continuation token was not issued by this store.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not implement {nameof(IAuditStore)}.{nameof(QueryAsync)}, which the audit endpoints need.");

    /// <summary>
    /// Adds <paramref name="counts"/> to the usage table (one row per key, hour and outcome, summed in
    /// place). Each key, hour and outcome appears at most once in a batch. The built-in stores implement it.
    /// </summary>
    Task AddUsageAsync(IReadOnlyList<UsageCount> counts, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not implement {nameof(IAuditStore)}.{nameof(AddUsageAsync)}, which usage counting needs.");

    /// <summary>Usage counts matching <paramref name="query"/>, oldest period first, at most <see cref="UsageQuery.MaxRows"/> rows.</summary>
    Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not implement {nameof(IAuditStore)}.{nameof(QueryUsageAsync)}, which the usage endpoint needs.");

    /// <summary>
    /// Anonymises the records <paramref name="request"/> names, in one transaction, and returns how many
    /// records it matched. Running it again changes nothing more. The built-in stores implement it; erasure needs it.
    /// </summary>
    Task<int> AnonymizeAsync(AuditAnonymization request, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not implement {nameof(IAuditStore)}.{nameof(AnonymizeAsync)}, which data-subject erasure needs.");
}

/// <summary>Stands in when no store is configured: records go to the logger only.</summary>
internal sealed class DisabledAuditStore : IAuditStore
{
    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => Task.FromResult(new AuditPage([], null));

    public Task AddUsageAsync(IReadOnlyList<UsageCount> counts, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default) => Task.FromResult(new UsageReport([], false));

    public Task<int> AnonymizeAsync(AuditAnonymization request, CancellationToken cancellationToken = default) => Task.FromResult(0);
}
