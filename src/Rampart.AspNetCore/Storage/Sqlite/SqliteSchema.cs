using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Rampart.AspNetCore.Storage.Sqlite;

/// <summary>
/// The SQLite schema and its migrations. Each migration runs once, in order, inside one
/// <c>BEGIN IMMEDIATE</c> transaction that also records the version, so two processes opening the
/// same file at once cannot both apply it.
/// </summary>
internal static class SqliteSchema
{
    public const string Table = "rampart_api_keys";
    public const string VersionTable = "rampart_schema_version";
    public const string IdentityTable = "rampart_store_identity";

    // Append only: a released migration never changes.
    private static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE {Table} (
            id             TEXT    NOT NULL PRIMARY KEY,
            prefix         TEXT    NOT NULL,
            name           TEXT    NOT NULL,
            owner          TEXT    NOT NULL,
            organization   TEXT    NOT NULL,
            environment    TEXT    NOT NULL CHECK (environment IN ('live', 'test')),
            scopes         TEXT    NOT NULL,
            tier           TEXT    NULL,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NULL,
            revoked_at     INTEGER NULL,
            last_used_at   INTEGER NULL,
            replaced_by    TEXT    NULL,
            salt           BLOB    NOT NULL,
            hash           BLOB    NOT NULL,
            pepper_version INTEGER NOT NULL,
            version        INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX {Table}_organization ON {Table} (organization, id);
        """,
        // Rows written before the bound hashing scheme are scheme 1; they are re-hashed when they next verify.
        $"""
        ALTER TABLE {Table} ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
        """,
        // A random id per database file, so a file put in place of the store's own is recognised.
        $"""
        CREATE TABLE IF NOT EXISTS {IdentityTable} (id TEXT NOT NULL);
        INSERT INTO {IdentityTable} (id) SELECT lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM {IdentityTable});
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection, ILogger logger)
    {
        // A current schema is only read, so a file that cannot be written (read-only, full disk) still serves lookups.
        if (CurrentVersion(connection, null) is var known && known == LatestVersion)
        {
            StoreLog.SchemaCurrent(logger, "sqlite", known);
            return;
        }

        // WAL lets readers go on while one process writes; the setting is kept in the file.
        Execute(connection, null, "PRAGMA journal_mode = WAL;");

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, $"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);");

        var current = CurrentVersion(connection, transaction);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The key database is at schema version {current}, newer than this version of Rampart knows ({LatestVersion}). Upgrade Rampart.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            Execute(connection, transaction, Migrations[version - 1]);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {VersionTable} (version, applied_at) VALUES ($version, $at);";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        if (current < LatestVersion)
        {
            StoreLog.Migrated(logger, "sqlite", current, LatestVersion);
        }
        else
        {
            StoreLog.SchemaCurrent(logger, "sqlite", current);
        }
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE name = '{VersionTable}') THEN 1 ELSE 0 END;";
        if (Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        read.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {VersionTable};";
        return Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only the constant migration scripts of this class are executed.")]
    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
