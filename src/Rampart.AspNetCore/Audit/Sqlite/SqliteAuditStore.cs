using System.Globalization;
using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.Usage;

namespace Rampart.AspNetCore.Audit.Sqlite;

/// <summary>
/// Audit records in a SQLite file (table <c>rampart_audit_records</c>, indexed by time). Usage counts
/// (<c>rampart_usage</c>) and the admin log (<c>rampart_admin_log</c>) live in the same file.
/// </summary>
internal sealed class SqliteAuditStore : IAuditStore
{
    private const string Columns = "timestamp_ms, " + AuditColumns.Record;

    // One constant statement: absent filters are null parameters. The row id follows the shared columns.
    private const string QuerySql = $"""
        SELECT {Columns}, id FROM rampart_audit_records
        WHERE timestamp_ms >= $from AND timestamp_ms < $to
          AND ($organization IS NULL OR organization = $organization)
          AND ($key_id IS NULL OR key_id = $key_id)
          AND ($status IS NULL OR status = $status)
          AND status >= $min_status AND status < $max_status
          AND ($cursor_time IS NULL OR timestamp_ms < $cursor_time OR (timestamp_ms = $cursor_time AND id < $cursor_id))
        ORDER BY timestamp_ms DESC, id DESC
        LIMIT $limit
        """;

    // One positional parameter per column: the time, then the shared columns in order.
    private const string InsertSql = $"INSERT INTO rampart_audit_records ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

    private const string UsageUpsertSql = """
        INSERT INTO rampart_usage (key_id, organization, hour_ms, outcome, count) VALUES ($key_id, $organization, $hour, $outcome, $count)
        ON CONFLICT (key_id, hour_ms, outcome) DO UPDATE SET count = count + excluded.count
        """;

    // Grouped by position: the key column is null when grouping by organisation.
    private const string UsageQuerySql = """
        SELECT organization, CASE WHEN $by_key THEN key_id END, (hour_ms / $step) * $step, outcome, SUM(count)
        FROM rampart_usage
        WHERE hour_ms >= $from AND hour_ms < $to
          AND ($organization IS NULL OR organization = $organization)
          AND ($key_id IS NULL OR key_id = $key_id)
        GROUP BY 1, 2, 3, 4
        ORDER BY 3, 1, 2, 4
        LIMIT $limit
        """;

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
        SqliteRecordRows.Insert(connection, InsertSql, records, cancellationToken);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await _schema.BoundWalAsync(connection, cancellationToken).ConfigureAwait(false);
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
            records.Add(AuditColumns.ReadRecord(reader, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0))));
        }

        return records;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = AuditCursor.Of(query);
        var size = query.EffectivePageSize;
        var (minStatus, maxStatus) = query.StatusRange;
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = QuerySql;
        var parameters = command.Parameters;
        parameters.AddWithValue("$from", query.From?.ToUnixTimeMilliseconds() ?? long.MinValue);
        parameters.AddWithValue("$to", query.To?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        parameters.AddWithValue("$organization", (object?)query.Organization ?? DBNull.Value);
        parameters.AddWithValue("$key_id", (object?)query.KeyId ?? DBNull.Value);
        parameters.AddWithValue("$status", (object?)query.StatusCode ?? DBNull.Value);
        parameters.AddWithValue("$min_status", minStatus);
        parameters.AddWithValue("$max_status", maxStatus);
        parameters.AddWithValue("$cursor_time", (object?)cursor?.Time ?? DBNull.Value);
        parameters.AddWithValue("$cursor_id", (object?)cursor?.Id ?? DBNull.Value);
        parameters.AddWithValue("$limit", size + 1);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await AuditColumns.ReadPageAsync(
            reader,
            size,
            static row => (DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(0)), row.GetInt64(0)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();

        command.CommandText = "DELETE FROM rampart_audit_records WHERE id IN (SELECT id FROM rampart_audit_records WHERE timestamp_ms < $cutoff ORDER BY timestamp_ms LIMIT $batch)";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$batch", AuditPurge.BatchSize);
        var purged = await AuditPurge.RunAsync(command, cancellationToken).ConfigureAwait(false);

        await using var usage = connection.CreateCommand();
        usage.CommandText = "DELETE FROM rampart_usage WHERE (key_id, hour_ms, outcome) IN (SELECT key_id, hour_ms, outcome FROM rampart_usage WHERE hour_ms < $cutoff LIMIT $batch)";
        usage.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        usage.Parameters.AddWithValue("$batch", AuditPurge.BatchSize);
        await AuditPurge.RunAsync(usage, cancellationToken).ConfigureAwait(false);
        return purged;
    }

    public async Task AddUsageAsync(IReadOnlyList<UsageCount> counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UsageUpsertSql;
        var keyId = command.Parameters.Add("$key_id", SqliteType.Text);
        var organization = command.Parameters.Add("$organization", SqliteType.Text);
        var hour = command.Parameters.Add("$hour", SqliteType.Integer);
        var outcome = command.Parameters.Add("$outcome", SqliteType.Text);
        var count = command.Parameters.Add("$count", SqliteType.Integer);
        foreach (var usage in counts)
        {
            keyId.Value = usage.KeyId;
            organization.Value = usage.Organization;
            hour.Value = usage.Hour.ToUnixTimeMilliseconds();
            outcome.Value = usage.Outcome;
            count.Value = usage.Count;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var range = UsageRange.Of(query);
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = UsageQuerySql;
        var parameters = command.Parameters;
        parameters.AddWithValue("$by_key", query.GroupBy == UsageGrouping.Key);
        parameters.AddWithValue("$step", range.StepMs);
        parameters.AddWithValue("$from", range.FromMs);
        parameters.AddWithValue("$to", range.ToMs);
        parameters.AddWithValue("$organization", (object?)query.Organization ?? DBNull.Value);
        parameters.AddWithValue("$key_id", (object?)query.KeyId ?? DBNull.Value);
        parameters.AddWithValue("$limit", UsageQuery.MaxRows + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await UsageRange.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "SQL is built from constants and fixed table names; values are parameters.")]
    public async Task<int> AnonymizeAsync(AuditAnonymization request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string Match = "(key_id IN (SELECT value FROM json_each($keys)) OR ($organization IS NOT NULL AND organization = $organization))";
        await using var connection = await _schema.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(request.KeyIds));
            command.Parameters.AddWithValue("$organization", (object?)request.Organization ?? DBNull.Value);
            return command;
        }

        var names = new List<string>();
        await using (var select = Command($"SELECT DISTINCT key_name FROM rampart_audit_records WHERE key_name IS NOT NULL AND {Match}"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names.Where(n => !DataSubjectPseudonymizer.IsPseudonym(n)))
        {
            await using var rename = Command($"UPDATE rampart_audit_records SET key_name = $pseudonym WHERE key_name = $name AND {Match}");
            rename.Parameters.AddWithValue("$name", name);
            rename.Parameters.AddWithValue("$pseudonym", request.PseudonymizeKeyName(name));
            await rename.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int matched;
        await using (var clear = Command($"UPDATE rampart_audit_records SET user_agent = NULL, headers = NULL, query = NULL, body = NULL, path = COALESCE(route, path) WHERE {Match}"))
        {
            matched = await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (request.Organization is not null && request.OrganizationPseudonym is { } pseudonym)
        {
            foreach (var table in (string[])["rampart_audit_records", "rampart_usage"])
            {
                await using var rename = Command($"UPDATE {table} SET organization = $pseudonym WHERE organization = $organization");
                rename.Parameters.AddWithValue("$pseudonym", pseudonym);
                await rename.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return matched;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SQLite audit store ({_schema.DataSource})");
}
