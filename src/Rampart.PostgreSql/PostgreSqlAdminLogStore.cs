using Npgsql;
using NpgsqlTypes;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Rampart.PostgreSql;

/// <summary>
/// The admin log in the key store's PostgreSQL database (table <c>admin_log</c>, whose triggers
/// refuse <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c>). Every instance appends to one chain,
/// one append at a time.
/// </summary>
internal sealed class PostgreSqlAdminLogStore : IAdminLogStore
{
    private const string Columns = "sequence, \"timestamp\", " + AuditColumns.AdminEntry;

    private readonly PostgreSqlApiKeyStore _database;
    private readonly string _lastSql;
    private readonly string _insertSql;
    private readonly string _readSql;
    private readonly string _existsSql;

    public PostgreSqlAdminLogStore(PostgreSqlApiKeyStore database)
    {
        _database = database;
        var table = PostgreSqlSchema.Quote(database.Schema) + ".admin_log";
        _lastSql = $"SELECT {Columns} FROM {table} ORDER BY sequence DESC LIMIT 1;";
        _insertSql = $"INSERT INTO {table} ({Columns}) VALUES (@sequence, @timestamp, @action, @actor, @key_id, @details, @previous_hash, @hash);";
        _readSql = $"SELECT {Columns} FROM {table} WHERE sequence >= @from ORDER BY sequence LIMIT @limit;";
        _existsSql = $"SELECT 1 FROM {table} WHERE action = @action AND details = @details LIMIT 1;";
    }

    public Task<AdminLogEntry?> AppendAsync(Func<AdminLogEntry?, AdminLogEntry> next, AdminLogMatch? unlessPresent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        return _database.WithConnectionAsync(
            async connection =>
            {
                // A transaction-scoped advisory lock serialises appends from every instance, so the
                // last entry cannot change between reading it and inserting after it.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var appendLock = PostgreSqlSchema.Command("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0));", connection, transaction))
                {
                    appendLock.Parameters.AddWithValue("name", "rampart:admin_log:" + _database.Schema);
                    await appendLock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (unlessPresent is { } match)
                {
                    await using var exists = PostgreSqlSchema.Command(_existsSql, connection, transaction);
                    exists.Parameters.AddWithValue("action", match.Action);
                    exists.Parameters.AddWithValue("details", match.Details);
                    if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                    {
                        return null;
                    }
                }

                AdminLogEntry? last;
                await using (var read = PostgreSqlSchema.Command(_lastSql, connection, transaction))
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                }

                var entry = next(last);
                await using var command = PostgreSqlSchema.Command(_insertSql, connection, transaction);
                command.Parameters.AddWithValue("sequence", entry.Sequence);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("timestamp", NpgsqlDbType.TimestampTz) { TypedValue = entry.Timestamp.ToUniversalTime() });
                command.Parameters.AddWithValue("action", entry.Action);
                command.Parameters.Add(Text("actor", entry.Actor));
                command.Parameters.Add(Text("key_id", entry.KeyId));
                command.Parameters.Add(Text("details", entry.Details));
                command.Parameters.AddWithValue("previous_hash", entry.PreviousHash);
                command.Parameters.AddWithValue("hash", entry.Hash);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (AdminLogEntry?)entry;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<AdminLogEntry>> ReadAsync(long fromSequence, int limit, CancellationToken cancellationToken)
        => _database.WithConnectionAsync<IReadOnlyList<AdminLogEntry>>(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_readSql, connection);
                command.Parameters.AddWithValue("from", fromSequence);
                command.Parameters.AddWithValue("limit", limit);
                var entries = new List<AdminLogEntry>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(Read(reader));
                }

                return entries;
            },
            cancellationToken);

    private static NpgsqlParameter<string?> Text(string name, string? value) => new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static AdminLogEntry Read(NpgsqlDataReader reader) => AuditColumns.ReadAdminEntry(reader, reader.GetFieldValue<DateTimeOffset>(1));
}
