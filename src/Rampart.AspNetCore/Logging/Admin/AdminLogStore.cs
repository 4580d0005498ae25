using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Rampart.AspNetCore.Logging;

/// <summary>Where admin log entries are kept. Appends fail rather than overwrite when the sequence is taken.</summary>
internal interface IAdminLogStore
{
    Task<AdminLogEntry?> LastAsync(CancellationToken cancellationToken);

    /// <returns>False when another writer took the sequence first.</returns>
    Task<bool> TryAppendAsync(AdminLogEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken);
}

/// <summary>The admin log in memory, for apps without an audit database (lost at restart).</summary>
internal sealed class InMemoryAdminLogStore : IAdminLogStore
{
    private readonly ConcurrentDictionary<long, AdminLogEntry> _entries = new();

    public Task<AdminLogEntry?> LastAsync(CancellationToken cancellationToken)
        => Task.FromResult(_entries.IsEmpty ? null : _entries[_entries.Keys.Max()]);

    public Task<bool> TryAppendAsync(AdminLogEntry entry, CancellationToken cancellationToken) => Task.FromResult(_entries.TryAdd(entry.Sequence, entry));

    public Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<AdminLogEntry>>(_entries.Values.Where(e => e.Sequence >= fromSequence).OrderBy(e => e.Sequence).Take(limit).ToList());
}

/// <summary>The admin log in the audit database (table <c>rampart_admin_log</c>, guarded by append-only triggers).</summary>
internal sealed class SqliteAdminLogStore(string connectionString) : IAdminLogStore
{
    private const string Columns = "sequence, timestamp_ms, action, actor, key_id, details, previous_hash, hash";
    private readonly SqliteSchema _schema = SqliteSchema.For(connectionString);

    public async Task<AdminLogEntry?> LastAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rampart_admin_log ORDER BY sequence DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<bool> TryAppendAsync(AdminLogEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO rampart_admin_log ({Columns}) VALUES ($s, $t, $a, $actor, $k, $d, $p, $h)";
        command.Parameters.AddWithValue("$s", entry.Sequence);
        command.Parameters.AddWithValue("$t", entry.Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$a", entry.Action);
        command.Parameters.AddWithValue("$actor", (object?)entry.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$k", (object?)entry.KeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("$d", (object?)entry.Details ?? DBNull.Value);
        command.Parameters.AddWithValue("$p", entry.PreviousHash);
        command.Parameters.AddWithValue("$h", entry.Hash);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: another writer appended this sequence first.
            return false;
        }
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

    private static AdminLogEntry Read(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        Action = reader.GetString(2),
        Actor = reader.IsDBNull(3) ? null : reader.GetString(3),
        KeyId = reader.IsDBNull(4) ? null : reader.GetString(4),
        Details = reader.IsDBNull(5) ? null : reader.GetString(5),
        PreviousHash = reader.GetString(6),
        Hash = reader.GetString(7),
    };
}
