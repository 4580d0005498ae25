using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rampart.AspNetCore.Logging;

/// <summary>
/// Audit records in a SQLite file (table <c>rampart_audit_records</c>, indexed by time). The admin
/// log lives in the same file (<c>rampart_admin_log</c>).
/// </summary>
internal sealed class SqliteAuditStore : IAuditStore
{
    private const string Columns = "timestamp_ms, request_id, trace_id, method, route, path, query, status, duration_ms, key_id, key_name, organization, environment, client, user_agent, headers, body";
    private const int PurgeBatch = 5_000;

    private readonly SqliteSchema _schema;

    public SqliteAuditStore(string connectionString) => _schema = SqliteSchema.For(connectionString);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO rampart_audit_records ({Columns}) VALUES ($t, $rid, $tid, $m, $r, $p, $q, $s, $d, $kid, $kn, $o, $e, $c, $ua, $h, $b)";
        var parameters = new[] { "$t", "$rid", "$tid", "$m", "$r", "$p", "$q", "$s", "$d", "$kid", "$kn", "$o", "$e", "$c", "$ua", "$h", "$b" }
            .Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))
            .ToArray();
        foreach (var record in records)
        {
            object?[] values =
            [
                record.Timestamp.ToUnixTimeMilliseconds(), record.RequestId, record.TraceId, record.Method, record.Route, record.Path, record.Query,
                record.StatusCode, record.DurationMs, record.KeyId, record.KeyName, record.Organization, record.Environment, record.Client,
                record.UserAgent, record.Headers, record.Body,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rampart_audit_records WHERE timestamp_ms >= $from AND timestamp_ms < $to ORDER BY timestamp_ms, id LIMIT $limit";
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new AuditRecord
            {
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                RequestId = Text(reader, 1),
                TraceId = Text(reader, 2),
                Method = reader.GetString(3),
                Route = Text(reader, 4),
                Path = reader.GetString(5),
                Query = Text(reader, 6),
                StatusCode = reader.GetInt32(7),
                DurationMs = reader.GetDouble(8),
                KeyId = Text(reader, 9),
                KeyName = Text(reader, 10),
                Organization = Text(reader, 11),
                Environment = Text(reader, 12),
                Client = Text(reader, 13),
                UserAgent = Text(reader, 14),
                Headers = Text(reader, 15),
                Body = Text(reader, 16),
            });
        }

        return records;
    }

    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        // In batches, so a large purge never holds the write lock for long.
        command.CommandText = "DELETE FROM rampart_audit_records WHERE id IN (SELECT id FROM rampart_audit_records WHERE timestamp_ms < $cutoff ORDER BY timestamp_ms LIMIT $batch)";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$batch", PurgeBatch);
        var total = 0;
        int deleted;
        do
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == PurgeBatch);

        return total;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SQLite audit store ({_schema.DataSource})");
}
