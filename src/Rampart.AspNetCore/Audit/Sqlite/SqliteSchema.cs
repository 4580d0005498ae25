using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Rampart.AspNetCore.Storage.Sqlite;

namespace Rampart.AspNetCore.Audit.Sqlite;

/// <summary>
/// Opens connections to the audit database and creates its tables once per connection string. The
/// admin log table refuses updates and deletes through triggers; the hash chain catches what
/// goes around them. The WAL is bounded: SQLite checkpoints it every 1000 pages, the writer runs a
/// TRUNCATE checkpoint once it passes <see cref="WalLimitBytes"/> (a reader's snapshot can hold off
/// the automatic one), and <c>journal_size_limit</c> shrinks it back after each reset.
/// </summary>
internal sealed class SqliteSchema
{
    private const string Ddl = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS rampart_audit_records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            timestamp_ms INTEGER NOT NULL,
            request_id TEXT, trace_id TEXT,
            method TEXT NOT NULL, route TEXT, path TEXT NOT NULL, query TEXT,
            status INTEGER NOT NULL, duration_ms REAL NOT NULL,
            key_id TEXT, key_name TEXT, organization TEXT, environment TEXT,
            client TEXT, user_agent TEXT, headers TEXT, body TEXT);
        CREATE INDEX IF NOT EXISTS ix_rampart_audit_records_timestamp ON rampart_audit_records (timestamp_ms);
        CREATE INDEX IF NOT EXISTS ix_rampart_audit_records_organization ON rampart_audit_records (organization, timestamp_ms);
        CREATE TABLE IF NOT EXISTS rampart_usage (
            key_id TEXT NOT NULL, organization TEXT NOT NULL, hour_ms INTEGER NOT NULL, outcome TEXT NOT NULL, count INTEGER NOT NULL,
            PRIMARY KEY (key_id, hour_ms, outcome)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_rampart_usage_organization ON rampart_usage (organization, hour_ms);
        CREATE INDEX IF NOT EXISTS ix_rampart_usage_hour ON rampart_usage (hour_ms);
        CREATE TABLE IF NOT EXISTS rampart_admin_log (
            sequence INTEGER PRIMARY KEY,
            timestamp_ms INTEGER NOT NULL,
            action TEXT NOT NULL, actor TEXT, key_id TEXT, details TEXT,
            previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_rampart_admin_log_action ON rampart_admin_log (action);
        CREATE TRIGGER IF NOT EXISTS rampart_admin_log_no_update BEFORE UPDATE ON rampart_admin_log
            BEGIN SELECT RAISE(ABORT, 'rampart_admin_log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS rampart_admin_log_no_delete BEFORE DELETE ON rampart_admin_log
            BEGIN SELECT RAISE(ABORT, 'rampart_admin_log is append-only'); END;
        """;

    /// <summary>The size past which the writer checkpoints the WAL and truncates it.</summary>
    public const long WalLimitBytes = 4 * 1024 * 1024;

    // Per connection, run at each open with the busy timeout (one statement).
    private const string ConnectionPragmas = "PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 1000; PRAGMA journal_size_limit = 4194304;";

    private static readonly ConcurrentDictionary<string, SqliteSchema> Schemas = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    private SqliteSchema(string connectionString)
    {
        _connectionString = connectionString;
        DataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        FilePath = DataSource.Length == 0 || DataSource == ":memory:" || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(DataSource);
    }

    public string DataSource { get; }

    /// <summary>The database file, when the data source names one plainly (not in memory, not a URI).</summary>
    public string? FilePath { get; }

    /// <summary>Set once a connection has mapped the file's -shm.</summary>
    private volatile bool _sharedMemoryMapped;

    public static SqliteSchema For(string connectionString) => Schemas.GetOrAdd(connectionString, static c => new SqliteSchema(c));

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        // A -shm this process has mapped, cut short by someone else, would end the process at the next read.
        if (_sharedMemoryMapped && FilePath is not null)
        {
            SqliteFault.RepairTruncatedSharedMemory(FilePath);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = ConnectionPragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _sharedMemoryMapped = true;

            if (!_created)
            {
                await CreateAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checkpoints and truncates the WAL once it has grown past <see cref="WalLimitBytes"/>.</summary>
    public async Task BoundWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (FilePath is null || !(new FileInfo(FilePath + "-wal") is { Exists: true } wal && wal.Length > WalLimitBytes))
        {
            return;
        }

        // Waits up to the busy timeout for readers; if one still holds an old snapshot the next batch tries again.
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Ddl;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
