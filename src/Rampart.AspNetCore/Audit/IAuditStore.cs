namespace Rampart.AspNetCore.Audit;

/// <summary>Where audit records are kept for their retention window. The default is SQLite (<c>Rampart:Logging:Store:ConnectionString</c>).</summary>
public interface IAuditStore
{
    /// <summary>Appends records in one batch.</summary>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Records with <paramref name="from"/> ≤ timestamp &lt; <paramref name="to"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Deletes records older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of records matching <paramref name="query"/>, newest first, at most
    /// <see cref="AuditQuery.MaxPageSize"/>. The built-in stores implement it; the audit endpoints need it.
    /// </summary>
    /// <exception cref="ArgumentException">The continuation token was not issued by this store.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not implement {nameof(IAuditStore)}.{nameof(QueryAsync)}, which the audit endpoints need.");
}

/// <summary>Stands in when no store is configured: records go to the logger only.</summary>
internal sealed class DisabledAuditStore : IAuditStore
{
    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<AuditRecord>>([]);

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => Task.FromResult(new AuditPage([], null));
}
