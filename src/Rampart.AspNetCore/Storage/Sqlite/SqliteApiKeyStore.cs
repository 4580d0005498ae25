using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage.Sqlite;

/// <summary>
/// Keys in an embedded SQLite file: the default store. The schema is created and migrated on first
/// use (and at app start); the file runs in WAL mode so lookups go on while a key is written, and a
/// writer waits up to the busy timeout for another process. Times are stored as UTC ticks, so every
/// value reads back exactly as written. Only parameterised SQL is run.
/// </summary>
internal sealed class SqliteApiKeyStore : IApiKeyStore, IInitializableApiKeyStore, IDisposable
{
    private const string Columns =
        "id, prefix, name, owner, organization, environment, scopes, tier, created_at, expires_at, revoked_at, last_used_at, replaced_by, salt, hash, pepper_version, version, hash_version";

    private const string Table = SqliteSchema.Table;

    private const string ListSql =
        $"""
        SELECT {Columns} FROM {Table}
        WHERE id > $after
          AND ($organization IS NULL OR organization = $organization)
          AND ($owner IS NULL OR owner = $owner)
          AND ($environment IS NULL OR environment = $environment)
          AND ($revoked IS NULL OR (revoked_at IS NOT NULL) = $revoked)
        ORDER BY id LIMIT $limit;
        """;

    private const string HashCountSql =
        $"""
        SELECT hash_version, pepper_version, COUNT(*),
               COALESCE(SUM(revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $now)), 0)
        FROM {Table} GROUP BY hash_version, pepper_version ORDER BY hash_version, pepper_version;
        """;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private readonly SqliteWorkers _workers = new(threads: 2, capacity: 1024, name: "Rampart SQLite key store");
    private volatile bool _initialized;
    private volatile bool _sharedMemoryMapped;
    private string? _identity;
    private SqliteFileIdentity? _file;
    private string? _failing;

    /// <summary>Opens (or creates) the store in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="busyTimeout">How long to wait for another writer. Default: 5 seconds.</param>
    /// <param name="logger">Receives migration and failure events.</param>
    /// <param name="meterFactory">Publishes <see cref="RefusedName"/>, the calls refused while every SQLite worker was busy.</param>
    public SqliteApiKeyStore(string path, TimeSpan? busyTimeout = null, ILogger<SqliteApiKeyStore>? logger = null, IMeterFactory? meterFactory = null)
    {
        meterFactory?.Create(Diagnostics.RampartMetrics.MeterName).CreateObservableCounter(
            RefusedName, () => Refused, "{call}", "Key store calls refused with 503 because every SQLite worker was busy and the queue full.");
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = System.IO.Path.GetFullPath(path);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds)),
        }.ToString();
    }

    /// <summary>The counter of calls refused because the store's bounded queue was full.</summary>
    public const string RefusedName = "rampart.key_store.refused";

    /// <summary>The full path of the database file.</summary>
    public string Path => _path;

    /// <summary>Creates or migrates the schema. Runs once; every operation calls it when needed.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            try
            {
                var folder = System.IO.Path.GetDirectoryName(_path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                using var connection = Open();
                SqliteSchema.Migrate(connection, _logger);
                _identity = ReadIdentity(connection);
                _file = SqliteFileIdentity.Of(_path);
            }
            catch (SqliteException exception)
            {
                throw Fault(SqliteFault.Describe(exception), exception);
            }

            _initialized = true;
        }
        finally
        {
            _initializing.Release();
        }
    }

    /// <inheritdoc />
    public async Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await RunAsync(connection => Insert(connection, null, record));
        if (!inserted)
        {
            throw new ApiKeyStoreConflictException(record.Id);
        }
    }

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM {Table} WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadRecord(reader) : null;
        });
    }

    /// <inheritdoc />
    public async Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var size = query.EffectivePageSize;
        return await RunAsync(connection =>
        {
            // One constant statement: absent filters are null parameters, so paging by id still walks the primary key.
            using var command = connection.CreateCommand();
            command.CommandText = ListSql;
            command.Parameters.AddWithValue("$after", query.ContinuationToken ?? string.Empty);
            command.Parameters.AddWithValue("$organization", (object?)query.Organization ?? DBNull.Value);
            command.Parameters.AddWithValue("$owner", (object?)query.Owner ?? DBNull.Value);
            command.Parameters.AddWithValue("$environment", query.Environment is { } environment ? ApiKeyRecordText.Environment(environment) : DBNull.Value);
            command.Parameters.AddWithValue("$revoked", query.Revoked is { } revoked ? (revoked ? 1 : 0) : DBNull.Value);
            command.Parameters.AddWithValue("$limit", size + 1);

            var items = new List<ApiKeyRecord>(size);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (items.Count == size)
                {
                    return new ApiKeyPage(items, items[^1].Id);
                }

                items.Add(ReadRecord(reader));
            }

            return new ApiKeyPage(items, null);
        });
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(connection => CompareAndSwap(connection, null, record));
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(connection =>
        {
            // One statement: of two instances revoking at once, the second finds revoked_at set and changes nothing.
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE {Table} SET revoked_at = $revoked_at, version = version + 1 WHERE id = $id AND revoked_at IS NULL;";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$revoked_at", revokedAt.UtcTicks);
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <inheritdoc />
    public async Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rotated);
        ArgumentNullException.ThrowIfNull(replacement);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (!Insert(connection, transaction, replacement) || !CompareAndSwap(connection, transaction, rotated))
            {
                transaction.Rollback();
                return false;
            }

            transaction.Commit();
            return true;
        });
    }

    /// <inheritdoc />
    public async Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Count == 0)
        {
            return;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(connection =>
        {
            // One transaction and one prepared statement for the whole batch.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE {Table} SET last_used_at = $at WHERE id = $id AND (last_used_at IS NULL OR last_used_at < $at);";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Integer);
            command.Prepare();
            foreach (var (keyId, when) in usage)
            {
                id.Value = keyId;
                at.Value = when.UtcTicks;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            return true;
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync<IReadOnlyList<ApiKeyHashCount>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = HashCountSql;
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            var counts = new List<ApiKeyHashCount>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                counts.Add(new ApiKeyHashCount(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return counts;
        });
    }

    /// <summary>Closes the pooled connections to the file.</summary>
    public void Dispose()
    {
        ClearPool();
        _workers.Dispose();
        _initializing.Dispose();
    }

    private ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
        => _initialized ? ValueTask.CompletedTask : new ValueTask(InitializeAsync(cancellationToken));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Calls refused because every SQLite worker was busy and the queue full, since start.</summary>
    internal long Refused => _workers.Refused;

    // SQLite's calls are synchronous: they run on the store's own threads, never on the thread pool.
    private Task<T> RunAsync<T>(Func<SqliteConnection, T> work)
    {
        if (!_workers.TryRun(() => Run(work), out var result))
        {
            throw new ApiKeyStoreUnavailableException("The SQLite key store is saturated: too many calls are waiting for the database.");
        }

        return result;
    }

    private T Run<T>(Func<SqliteConnection, T> work)
    {
        // Opening a missing file would silently create an empty store: a deleted or moved file is an outage.
        if (!File.Exists(_path))
        {
            throw Fault(SqliteFault.Missing);
        }

        // Another file at the path (a restore, a move) with the old -wal beside it: opening it would
        // apply a WAL written for a different file. Refused before SQLite reads either.
        if (_file is { } opened && SqliteFileIdentity.Of(_path) is { } now && now != opened)
        {
            ClearPool();
            throw Fault(SqliteFault.Swapped);
        }

        // A -shm this process has mapped, cut short by someone else, would end the process at the next read.
        if (_sharedMemoryMapped && SqliteFault.RepairTruncatedSharedMemory(_path))
        {
            StoreLog.SqliteStoreFailed(_logger, SqliteFault.SharedMemoryTruncated + " (restored; SQLite rebuilds it from the WAL)", _path, 0, null);
        }

        T result;
        try
        {
            using var connection = Open();
            if (_identity is { } identity && !identity.Equals(ReadIdentity(connection), StringComparison.Ordinal))
            {
                ClearPool();
                throw Fault(SqliteFault.Replaced);
            }

            result = work(connection);
        }
        catch (SqliteException exception)
        {
            throw Fault(SqliteFault.Describe(exception), exception);
        }

        _sharedMemoryMapped = true;
        if (Interlocked.Exchange(ref _failing, null) is not null)
        {
            StoreLog.SqliteStoreRecovered(_logger, _path);
        }

        return result;
    }

    // One error event per kind of failure while it lasts, not one per request.
    private ApiKeyStoreUnavailableException Fault(string kind, SqliteException? exception = null)
    {
        if (!string.Equals(Interlocked.Exchange(ref _failing, kind), kind, StringComparison.Ordinal))
        {
            StoreLog.SqliteStoreFailed(_logger, kind, _path, exception?.SqliteErrorCode ?? 0, exception);
        }

        return new ApiKeyStoreUnavailableException($"The SQLite key store is unavailable: {kind}.", exception);
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    // The random id written when the file was created: another file under the same name has another one.
    private static string? ReadIdentity(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {SqliteSchema.IdentityTable} LIMIT 1;";
        try
        {
            return command.ExecuteScalar() as string;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 1)
        {
            return null; // no such table: not this store's file
        }
    }

    private static bool Insert(SqliteConnection connection, SqliteTransaction? transaction, ApiKeyRecord record)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {Table} ({Columns}) VALUES ($id, $prefix, $name, $owner, $organization, $environment, $scopes, $tier, $created_at, $expires_at, $revoked_at, $last_used_at, $replaced_by, $salt, $hash, $pepper_version, 1, $hash_version) ON CONFLICT (id) DO NOTHING;";
        AddContent(command, record);
        command.Parameters.AddWithValue("$last_used_at", Ticks(record.LastUsedAt));
        return command.ExecuteNonQuery() == 1;
    }

    private static bool CompareAndSwap(SqliteConnection connection, SqliteTransaction? transaction, ApiKeyRecord record)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"""
            UPDATE {Table} SET prefix = $prefix, name = $name, owner = $owner, organization = $organization, environment = $environment,
                scopes = $scopes, tier = $tier, created_at = $created_at, expires_at = $expires_at, revoked_at = $revoked_at,
                replaced_by = $replaced_by, salt = $salt, hash = $hash, pepper_version = $pepper_version, hash_version = $hash_version, version = version + 1
            WHERE id = $id AND version = $version;
            """;
        AddContent(command, record);
        command.Parameters.AddWithValue("$version", record.Version);
        return command.ExecuteNonQuery() == 1;
    }

    // Everything but the last-used time and the row version, which have their own rules.
    private static void AddContent(SqliteCommand command, ApiKeyRecord record)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("$id", record.Id);
        parameters.AddWithValue("$prefix", record.Prefix);
        parameters.AddWithValue("$name", record.Name);
        parameters.AddWithValue("$owner", record.Owner);
        parameters.AddWithValue("$organization", record.Organization);
        parameters.AddWithValue("$environment", ApiKeyRecordText.Environment(record.Environment));
        parameters.AddWithValue("$scopes", ApiKeyRecordText.Scopes(ApiKeyRecordText.Grants(record)));
        parameters.AddWithValue("$tier", (object?)record.Tier ?? DBNull.Value);
        parameters.AddWithValue("$created_at", record.CreatedAt.UtcTicks);
        parameters.AddWithValue("$expires_at", Ticks(record.ExpiresAt));
        parameters.AddWithValue("$revoked_at", Ticks(record.RevokedAt));
        parameters.AddWithValue("$replaced_by", (object?)record.ReplacedBy ?? DBNull.Value);
        parameters.AddWithValue("$salt", record.Salt);
        parameters.AddWithValue("$hash", record.Hash);
        parameters.AddWithValue("$pepper_version", record.PepperVersion);
        parameters.AddWithValue("$hash_version", record.HashVersion);
    }

    private static object Ticks(DateTimeOffset? value) => value is { } time ? time.UtcTicks : DBNull.Value;

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero);

    private static ApiKeyRecord ReadRecord(SqliteDataReader reader)
    {
        var grants = ApiKeyRecordText.ParseScopes(reader.GetString(6));
        return ReadRecord(reader, grants);
    }

    private static ApiKeyRecord ReadRecord(SqliteDataReader reader, string[] grants) => new()
    {
        Id = reader.GetString(0),
        Prefix = reader.GetString(1),
        Name = reader.GetString(2),
        Owner = reader.GetString(3),
        Organization = reader.GetString(4),
        Environment = ApiKeyRecordText.ParseEnvironment(reader.GetString(5)),
        Scopes = ApiKeyRecordText.ScopesOf(grants),
        Roles = ApiKeyRecordText.RolesOf(grants),
        Tier = reader.IsDBNull(7) ? null : reader.GetString(7),
        CreatedAt = new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero),
        ExpiresAt = ReadTime(reader, 9),
        RevokedAt = ReadTime(reader, 10),
        LastUsedAt = ReadTime(reader, 11),
        ReplacedBy = reader.IsDBNull(12) ? null : reader.GetString(12),
        Salt = (byte[])reader.GetValue(13),
        Hash = (byte[])reader.GetValue(14),
        PepperVersion = reader.GetInt32(15),
        Version = reader.GetInt64(16),
        HashVersion = reader.GetInt32(17),
    };
}
