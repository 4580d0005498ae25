using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Audit.Sqlite;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>Where admin log entries are kept.</summary>
internal interface IAdminLogStore
{
    /// <summary>
    /// Appends the entry <paramref name="next"/> builds from the current last entry (null when the
    /// log is empty), with no other append in between, across every instance sharing the store.
    /// With <paramref name="unlessPresent"/>, appends nothing and returns null when an entry with
    /// that action and details exists, checked in the same step.
    /// </summary>
    Task<AdminLogEntry?> AppendAsync(Func<AdminLogEntry?, AdminLogEntry> next, AdminLogMatch? unlessPresent, CancellationToken cancellationToken);

    Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken);
}

/// <summary>An action and its details, for appends that record a fact once.</summary>
internal readonly record struct AdminLogMatch(string Action, string Details);

/// <summary>The admin log in memory, for apps without an audit database (lost at restart).</summary>
internal sealed class InMemoryAdminLogStore : IAdminLogStore
{
    private readonly List<AdminLogEntry> _entries = [];

    public Task<AdminLogEntry?> AppendAsync(Func<AdminLogEntry?, AdminLogEntry> next, AdminLogMatch? unlessPresent, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            if (unlessPresent is { } match && _entries.Any(e => e.Action == match.Action && e.Details == match.Details))
            {
                return Task.FromResult<AdminLogEntry?>(null);
            }

            var entry = next(_entries.Count == 0 ? null : _entries[^1]);
            _entries.Add(entry);
            return Task.FromResult<AdminLogEntry?>(entry);
        }
    }

    public Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            return Task.FromResult<IReadOnlyList<AdminLogEntry>>(_entries.Where(e => e.Sequence >= fromSequence).Take(limit).ToList());
        }
    }
}

/// <summary>The admin log in the audit database (table <c>rampart_admin_log</c>, guarded by append-only triggers).</summary>
internal sealed class SqliteAdminLogStore(string connectionString) : IAdminLogStore
{
    private const string Columns = "sequence, timestamp_ms, " + AuditColumns.AdminEntry;
    private readonly SqliteSchema _schema = SqliteSchema.For(connectionString);

    public async Task<AdminLogEntry?> AppendAsync(Func<AdminLogEntry?, AdminLogEntry> next, AdminLogMatch? unlessPresent, CancellationToken cancellationToken)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE: the write lock is taken before the last entry is read, so no other
        // process appends between the read and the insert (others wait on the busy timeout).
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (unlessPresent is { } match)
        {
            await using var exists = connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM rampart_admin_log WHERE action = $a AND details = $d LIMIT 1";
            exists.Parameters.AddWithValue("$a", match.Action);
            exists.Parameters.AddWithValue("$d", match.Details);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return null;
            }
        }

        AdminLogEntry? last;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT {Columns} FROM rampart_admin_log ORDER BY sequence DESC LIMIT 1";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            last = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }

        var entry = next(last);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO rampart_admin_log ({Columns}) VALUES ($s, $t, $a, $actor, $k, $d, $p, $h)";
        command.Parameters.AddWithValue("$s", entry.Sequence);
        command.Parameters.AddWithValue("$t", entry.Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$a", entry.Action);
        command.Parameters.AddWithValue("$actor", (object?)entry.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$k", (object?)entry.KeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("$d", (object?)entry.Details ?? DBNull.Value);
        command.Parameters.AddWithValue("$p", entry.PreviousHash);
        command.Parameters.AddWithValue("$h", entry.Hash);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rampart_admin_log WHERE sequence >= $from ORDER BY sequence LIMIT $limit";
        command.Parameters.AddWithValue("$from", fromSequence);
        command.Parameters.AddWithValue("$limit", limit);
        var entries = new List<AdminLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static AdminLogEntry Read(SqliteDataReader reader) => AuditColumns.ReadAdminEntry(reader, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
}
