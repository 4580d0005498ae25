using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>A store in process memory, for tests and single-process demos. Contents are lost on restart.</summary>
internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ApiKeyRecord> _records = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_records.TryAdd(record.Id, record with { Version = 1 }))
            {
                throw new ApiKeyStoreConflictException(record.Id);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = query.EffectivePageSize;
        var items = new List<ApiKeyRecord>(size);
        lock (_gate)
        {
            foreach (var record in _records.Values)
            {
                if (query.ContinuationToken is { } after && string.CompareOrdinal(record.Id, after) <= 0)
                {
                    continue;
                }

                if (Matches(record, query))
                {
                    if (items.Count == size)
                    {
                        return Task.FromResult(new ApiKeyPage(items, items[^1].Id));
                    }

                    items.Add(record);
                }
            }
        }

        return Task.FromResult(new ApiKeyPage(items, null));
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            return Task.FromResult(TryUpdate(record));
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var record) || record.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            _records[id] = record with { RevokedAt = revokedAt, Version = record.Version + 1 };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rotated);
        ArgumentNullException.ThrowIfNull(replacement);
        lock (_gate)
        {
            if (_records.ContainsKey(replacement.Id) || !TryUpdate(rotated))
            {
                return Task.FromResult(false);
            }

            _records.Add(replacement.Id, replacement with { Version = 1 });
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        lock (_gate)
        {
            foreach (var (id, at) in usage)
            {
                if (_records.TryGetValue(id, out var record) && (record.LastUsedAt is null || record.LastUsedAt < at))
                {
                    // Usage is not a change of the record's content, so the row version stays.
                    _records[id] = record with { LastUsedAt = at };
                }
            }
        }

        return Task.CompletedTask;
    }

    private bool TryUpdate(ApiKeyRecord record)
    {
        if (!_records.TryGetValue(record.Id, out var current) || current.Version != record.Version)
        {
            return false;
        }

        _records[record.Id] = record with { Version = record.Version + 1, LastUsedAt = current.LastUsedAt };
        return true;
    }

    private static bool Matches(ApiKeyRecord record, ApiKeyQuery query)
        => (query.Organization is null || string.Equals(record.Organization, query.Organization, StringComparison.Ordinal))
        && (query.Owner is null || string.Equals(record.Owner, query.Owner, StringComparison.Ordinal))
        && (query.Environment is null || record.Environment == query.Environment)
        && (query.Revoked is null || (record.RevokedAt is not null) == query.Revoked);
}
