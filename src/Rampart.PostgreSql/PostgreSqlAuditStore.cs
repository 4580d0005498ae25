using Npgsql;
using NpgsqlTypes;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.Usage;

namespace Rampart.PostgreSql;

/// <summary>
/// Audit records in the key store's PostgreSQL database (table <c>audit_records</c> of its schema,
/// indexed by time), on the key store's connections. Batches are written with binary <c>COPY</c>,
/// so a batch of 500 records is one round trip.
/// </summary>
internal sealed class PostgreSqlAuditStore : IAuditStore
{
    private const string Columns = "\"timestamp\", " + AuditColumns.Record;

    private readonly PostgreSqlApiKeyStore _database;
    private readonly string _copySql;
    private readonly string _listSql;
    private readonly string _purgeSql;
    private readonly string _querySql;
    private readonly string _usagePurgeSql;
    private readonly string _usageUpsertSql;
    private readonly string _usageQuerySql;

    public PostgreSqlAuditStore(PostgreSqlApiKeyStore database)
    {
        _database = database;
        var table = PostgreSqlSchema.Quote(database.Schema) + ".audit_records";
        _copySql = $"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)";
        _listSql = $"SELECT {Columns} FROM {table} WHERE \"timestamp\" >= @from AND \"timestamp\" < @to ORDER BY \"timestamp\", id LIMIT @limit;";

        // Absent filters are null parameters; the row id follows the shared columns.
        _querySql = $"""
            SELECT {Columns}, id FROM {table}
            WHERE "timestamp" >= @from AND "timestamp" < @to
              AND (@organization::text IS NULL OR organization = @organization)
              AND (@key_id::text IS NULL OR key_id = @key_id)
              AND (@status::integer IS NULL OR status = @status)
              AND status >= @min_status AND status < @max_status
              AND (@cursor_time::timestamptz IS NULL OR ("timestamp", id) < (@cursor_time, @cursor_id))
            ORDER BY "timestamp" DESC, id DESC
            LIMIT @limit;
            """;
        _purgeSql = $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE \"timestamp\" < @cutoff ORDER BY \"timestamp\" LIMIT @batch);";

        var usage = PostgreSqlSchema.Quote(database.Schema) + ".usage";
        _usagePurgeSql = $"DELETE FROM {usage} WHERE (key_id, hour, outcome) IN (SELECT key_id, hour, outcome FROM {usage} WHERE hour < @cutoff LIMIT @batch);";

        // One round trip per batch: the counts arrive as arrays; a batch never names a row twice.
        _usageUpsertSql = $"""
            INSERT INTO {usage} AS u (key_id, organization, hour, outcome, count)
            SELECT * FROM unnest(@key_ids, @organizations, @hours, @outcomes, @counts)
            ON CONFLICT (key_id, hour, outcome) DO UPDATE SET count = u.count + EXCLUDED.count;
            """;

        // Grouped by position: the key column is null when grouping by organisation.
        _usageQuerySql = $"""
            SELECT organization, CASE WHEN @by_key THEN key_id END,
                   (extract(epoch FROM date_bin(@step, hour, TIMESTAMPTZ '1970-01-01 00:00:00+00')) * 1000)::bigint, outcome, SUM(count)::bigint
            FROM {usage}
            WHERE hour >= @from AND hour < @to
              AND (@organization::text IS NULL OR organization = @organization)
              AND (@key_id::text IS NULL OR key_id = @key_id)
            GROUP BY 1, 2, 3, 4
            ORDER BY 3, 1, 2, 4
            LIMIT @limit;
            """;
    }

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _database.WithConnectionAsync(
            async connection =>
            {
                await using var import = await connection.BeginBinaryImportAsync(_copySql, cancellationToken).ConfigureAwait(false);
                foreach (var record in records)
                {
                    await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(record.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(record.StatusCode, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(record.DurationMs, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    foreach (var text in AuditColumns.Texts(record))
                    {
                        await (text is null
                            ? import.WriteNullAsync(cancellationToken)
                            : import.WriteAsync(text, NpgsqlDbType.Text, cancellationToken)).ConfigureAwait(false);
                    }
                }

                return await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _database.WithConnectionAsync<IReadOnlyList<AuditRecord>>(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_listSql, connection);
                command.Parameters.Add(Time("from", from));
                command.Parameters.Add(Time("to", to));
                command.Parameters.AddWithValue("limit", limit);
                var records = new List<AuditRecord>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(AuditColumns.ReadRecord(reader, reader.GetFieldValue<DateTimeOffset>(0)));
                }

                return records;
            },
            cancellationToken);
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = AuditCursor.Of(query);
        var size = query.EffectivePageSize;
        var (minStatus, maxStatus) = query.StatusRange;
        return _database.WithConnectionAsync(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_querySql, connection);
                var parameters = command.Parameters;
                parameters.Add(Time("from", query.From ?? DateTimeOffset.MinValue));
                parameters.Add(Time("to", query.To ?? DateTimeOffset.MaxValue));
                parameters.Add(new NpgsqlParameter<string?>("organization", NpgsqlDbType.Text) { TypedValue = query.Organization });
                parameters.Add(new NpgsqlParameter<string?>("key_id", NpgsqlDbType.Text) { TypedValue = query.KeyId });
                parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = (object?)query.StatusCode ?? DBNull.Value });
                parameters.AddWithValue("min_status", minStatus);
                parameters.AddWithValue("max_status", maxStatus);
                parameters.Add(new NpgsqlParameter("cursor_time", NpgsqlDbType.TimestampTz)
                {
                    Value = cursor is { } position ? new DateTime(position.Time, DateTimeKind.Utc) : DBNull.Value,
                });
                parameters.Add(new NpgsqlParameter("cursor_id", NpgsqlDbType.Bigint) { Value = (object?)cursor?.Id ?? DBNull.Value });
                parameters.AddWithValue("limit", size + 1);

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await AuditColumns.ReadPageAsync(
                    reader,
                    size,
                    static row =>
                    {
                        var time = row.GetFieldValue<DateTimeOffset>(0);
                        return (time, time.UtcTicks);
                    },
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
        => _database.WithConnectionAsync(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_purgeSql, connection);
                command.Parameters.Add(Time("cutoff", cutoff));
                command.Parameters.AddWithValue("batch", AuditPurge.BatchSize);
                var purged = await AuditPurge.RunAsync(command, cancellationToken).ConfigureAwait(false);

                await using var usage = PostgreSqlSchema.Command(_usagePurgeSql, connection);
                usage.Parameters.Add(Time("cutoff", cutoff));
                usage.Parameters.AddWithValue("batch", AuditPurge.BatchSize);
                await AuditPurge.RunAsync(usage, cancellationToken).ConfigureAwait(false);
                return purged;
            },
            cancellationToken);

    public Task AddUsageAsync(IReadOnlyList<UsageCount> counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _database.WithConnectionAsync(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_usageUpsertSql, connection);
                command.Parameters.Add(new NpgsqlParameter<string[]>("key_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = counts.Select(c => c.KeyId).ToArray() });
                command.Parameters.Add(new NpgsqlParameter<string[]>("organizations", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = counts.Select(c => c.Organization).ToArray() });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("hours", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = counts.Select(c => c.Hour.ToUniversalTime()).ToArray() });
                command.Parameters.Add(new NpgsqlParameter<string[]>("outcomes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = counts.Select(c => c.Outcome).ToArray() });
                command.Parameters.Add(new NpgsqlParameter<long[]>("counts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = counts.Select(c => c.Count).ToArray() });
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<UsageReport> QueryUsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var range = UsageRange.Of(query);
        return _database.WithConnectionAsync(
            async connection =>
            {
                await using var command = PostgreSqlSchema.Command(_usageQuerySql, connection);
                var parameters = command.Parameters;
                parameters.AddWithValue("by_key", query.GroupBy == UsageGrouping.Key);
                parameters.Add(new NpgsqlParameter<TimeSpan>("step", NpgsqlDbType.Interval) { TypedValue = TimeSpan.FromMilliseconds(range.StepMs) });
                parameters.Add(Time("from", DateTimeOffset.FromUnixTimeMilliseconds(range.FromMs)));
                parameters.Add(Time("to", range.ToMs >= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeMilliseconds(range.ToMs)));
                parameters.Add(new NpgsqlParameter<string?>("organization", NpgsqlDbType.Text) { TypedValue = query.Organization });
                parameters.Add(new NpgsqlParameter<string?>("key_id", NpgsqlDbType.Text) { TypedValue = query.KeyId });
                parameters.AddWithValue("limit", UsageQuery.MaxRows + 1);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await UsageRange.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<int> AnonymizeAsync(AuditAnonymization request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schema = PostgreSqlSchema.Quote(_database.Schema);
        var records = schema + ".audit_records";
        const string Match = "(key_id = ANY(@keys) OR (@organization::text IS NOT NULL AND organization = @organization))";
        return _database.WithConnectionAsync(
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                NpgsqlCommand Command(string sql)
                {
                    var command = PostgreSqlSchema.Command(sql, connection, transaction);
                    command.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. request.KeyIds] });
                    command.Parameters.Add(new NpgsqlParameter<string?>("organization", NpgsqlDbType.Text) { TypedValue = request.Organization });
                    return command;
                }

                var names = new List<string>();
                await using (var select = Command($"SELECT DISTINCT key_name FROM {records} WHERE key_name IS NOT NULL AND {Match};"))
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        names.Add(reader.GetString(0));
                    }
                }

                foreach (var name in names.Where(n => !DataSubjectPseudonymizer.IsPseudonym(n)))
                {
                    await using var rename = Command($"UPDATE {records} SET key_name = @pseudonym WHERE key_name = @name AND {Match};");
                    rename.Parameters.AddWithValue("name", name);
                    rename.Parameters.AddWithValue("pseudonym", request.PseudonymizeKeyName(name));
                    await rename.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                int matched;
                await using (var clear = Command($"UPDATE {records} SET user_agent = NULL, headers = NULL, query = NULL, body = NULL, path = COALESCE(route, path) WHERE {Match};"))
                {
                    matched = await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (request.Organization is not null && request.OrganizationPseudonym is { } pseudonym)
                {
                    foreach (var table in (string[])[records, schema + ".usage"])
                    {
                        await using var rename = Command($"UPDATE {table} SET organization = @pseudonym WHERE organization = @organization;");
                        rename.Parameters.AddWithValue("pseudonym", pseudonym);
                        await rename.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return matched;
            },
            cancellationToken);
    }

    public override string ToString() => $"PostgreSQL audit store (schema {_database.Schema})";

    // DateTimeOffset.MinValue and MaxValue are written as -infinity and infinity, so open ranges need no special case.
    private static NpgsqlParameter<DateTimeOffset> Time(string name, DateTimeOffset value)
        => new(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() };
}
