using Microsoft.Extensions.Logging;
using Npgsql;
using Rampart.AspNetCore.Storage;

namespace Rampart.PostgreSql;

/// <summary>
/// The PostgreSQL schema and its migrations: the same tables as the SQLite stores (keys, audit
/// records, usage counts, the append-only admin log), with native types.
/// Migrations run in one transaction under a transaction-scoped advisory lock, so instances starting
/// together apply each migration exactly once.
/// </summary>
internal static class PostgreSqlSchema
{
    // Append only: a released migration never changes. {0} is the quoted schema name.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE {0}.api_keys (
            id             text COLLATE "C" NOT NULL PRIMARY KEY,
            prefix         text        NOT NULL,
            name           text        NOT NULL,
            owner          text        NOT NULL,
            organization   text        NOT NULL,
            environment    text        NOT NULL CHECK (environment IN ('live', 'test')),
            scopes         text[]      NOT NULL,
            tier           text        NULL,
            created_at     timestamptz NOT NULL,
            expires_at     timestamptz NULL,
            revoked_at     timestamptz NULL,
            last_used_at   timestamptz NULL,
            replaced_by    text        NULL,
            salt           bytea       NOT NULL,
            hash           bytea       NOT NULL,
            pepper_version integer     NOT NULL,
            version        bigint      NOT NULL
        );
        CREATE INDEX api_keys_organization ON {0}.api_keys (organization, id);
        """,
        """
        CREATE TABLE {0}.audit_records (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            "timestamp"  timestamptz      NOT NULL,
            request_id   text             NULL,
            trace_id     text             NULL,
            method       text             NOT NULL,
            route        text             NULL,
            path         text             NOT NULL,
            query        text             NULL,
            status       integer          NOT NULL,
            duration_ms  double precision NOT NULL,
            key_id       text             NULL,
            key_name     text             NULL,
            organization text             NULL,
            environment  text             NULL,
            client       text             NULL,
            user_agent   text             NULL,
            headers      text             NULL,
            body         text             NULL
        );
        CREATE INDEX audit_records_timestamp ON {0}.audit_records ("timestamp", id);
        CREATE TABLE {0}.admin_log (
            sequence      bigint      NOT NULL PRIMARY KEY CHECK (sequence > 0),
            "timestamp"   timestamptz NOT NULL,
            action        text        NOT NULL,
            actor         text        NULL,
            key_id        text        NULL,
            details       text        NULL,
            previous_hash text        NOT NULL,
            hash          text        NOT NULL
        );
        CREATE INDEX admin_log_action ON {0}.admin_log (action);
        CREATE FUNCTION {0}.admin_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'admin_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        CREATE TRIGGER admin_log_no_change BEFORE UPDATE OR DELETE ON {0}.admin_log
            FOR EACH ROW EXECUTE FUNCTION {0}.admin_log_append_only();
        CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON {0}.admin_log
            FOR EACH STATEMENT EXECUTE FUNCTION {0}.admin_log_append_only();
        """,
        // Rows written before the bound hashing scheme are scheme 1; they are re-hashed when they next verify.
        """
        ALTER TABLE {0}.api_keys ADD COLUMN hash_version integer NOT NULL DEFAULT 1;
        """,
        // Requests per key, hour and outcome, summed in place by the audit writer.
        """
        CREATE TABLE {0}.usage (
            key_id       text COLLATE "C" NOT NULL,
            organization text        NOT NULL,
            hour         timestamptz NOT NULL,
            outcome      text        NOT NULL,
            count        bigint      NOT NULL,
            PRIMARY KEY (key_id, hour, outcome)
        );
        CREATE INDEX usage_organization ON {0}.usage (organization, hour);
        CREATE INDEX usage_hour ON {0}.usage (hour);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, ILogger logger, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0));", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("name", "rampart:migrate:" + schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {quoted}; CREATE TABLE IF NOT EXISTS {quoted}.schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);

        int current;
        await using (var read = Command($"SELECT COALESCE(MAX(version), 0) FROM {quoted}.schema_version;", connection, transaction))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The key database schema '{schema}' is at version {current}, newer than this version of Rampart knows ({LatestVersion}). Upgrade Rampart.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            await ExecuteAsync(connection, transaction, string.Format(System.Globalization.CultureInfo.InvariantCulture, Migrations[version - 1], quoted), cancellationToken).ConfigureAwait(false);
            await using var record = Command($"INSERT INTO {quoted}.schema_version (version) VALUES (@version);", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (current < LatestVersion)
        {
            PostgreSqlLog.Migrated(logger, schema, current, LatestVersion);
        }
    }

    /// <summary>Quotes a schema name already checked by <see cref="PostgreSqlStoreOptions.IsValidIdentifier"/>.</summary>
    public static string Quote(string identifier) => "\"" + identifier + "\"";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "SQL is built from constants and a schema name validated as a plain identifier; values are parameters.")]
    public static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) => new(sql, connection, transaction);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
