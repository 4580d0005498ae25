using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.PostgreSql;

/// <summary>
/// Keys in PostgreSQL, shared by every instance of an app. Same table and semantics as the SQLite
/// store; times are kept to the microsecond (PostgreSQL's resolution). Ids sort in ordinal order
/// (<c>COLLATE "C"</c>). Only parameterised SQL is run; failures surface as
/// <see cref="ApiKeyStoreUnavailableException"/>, which authentication answers with 503.
/// </summary>
internal sealed class PostgreSqlApiKeyStore : IApiKeyStore, IInitializableApiKeyStore, IAsyncDisposable, IDisposable
{
    private const string Columns =
        "id, prefix, name, owner, organization, environment, scopes, tier, created_at, expires_at, revoked_at, last_used_at, replaced_by, salt, hash, pepper_version, version, hash_version";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private readonly string _findSql;
    private readonly string _listSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _revokeSql;
    private readonly string _lastUsedSql;
    private readonly string _hashCountSql;
    private volatile bool _initialized;

    /// <summary>Creates the store. Nothing connects until the first call (or <see cref="InitializeAsync"/>).</summary>
    public PostgreSqlApiKeyStore(PostgreSqlStoreOptions options, ILogger<PostgreSqlApiKeyStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        if (!PostgreSqlStoreOptions.IsValidIdentifier(options.Schema))
        {
            throw new ArgumentException("The schema must be lower-case letters, digits or '_'.", nameof(options));
        }

        _schema = options.Schema;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        Channel = options.Channel;

        var table = PostgreSqlSchema.Quote(_schema) + ".api_keys";
        _findSql = $"SELECT {Columns} FROM {table} WHERE id = @id;";
        _listSql =
            $"""
            SELECT {Columns} FROM {table}
            WHERE id > @after
              AND (@organization::text IS NULL OR organization = @organization)
              AND (@owner::text IS NULL OR owner = @owner)
              AND (@environment::text IS NULL OR environment = @environment)
              AND (@revoked::boolean IS NULL OR (revoked_at IS NOT NULL) = @revoked)
            ORDER BY id LIMIT @limit;
            """;
        _insertSql =
            $"""
            INSERT INTO {table} ({Columns})
            VALUES (@id, @prefix, @name, @owner, @organization, @environment, @scopes, @tier, @created_at, @expires_at, @revoked_at, @last_used_at, @replaced_by, @salt, @hash, @pepper_version, 1, @hash_version)
            ON CONFLICT (id) DO NOTHING;
            """;
        _updateSql =
            $"""
            UPDATE {table} SET prefix = @prefix, name = @name, owner = @owner, organization = @organization, environment = @environment,
                scopes = @scopes, tier = @tier, created_at = @created_at, expires_at = @expires_at, revoked_at = @revoked_at,
                replaced_by = @replaced_by, salt = @salt, hash = @hash, pepper_version = @pepper_version, hash_version = @hash_version, version = version + 1
            WHERE id = @id AND version = @version;
            """;
        _revokeSql = $"UPDATE {table} SET revoked_at = @revoked_at, version = version + 1 WHERE id = @id AND revoked_at IS NULL;";
        _lastUsedSql =
            $"""
            UPDATE {table} AS k SET last_used_at = u.at
            FROM unnest(@ids, @ats) AS u(id, at)
            WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at);
            """;
        _hashCountSql =
            $"""
            SELECT hash_version, pepper_version, count(*),
                   count(*) FILTER (WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now))
            FROM {table} GROUP BY hash_version, pepper_version ORDER BY hash_version, pepper_version;
            """;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync<IReadOnlyList<ApiKeyHashCount>>(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = PostgreSqlSchema.Command(_hashCountSql, connection);
            command.Parameters.Add(Time("now", now));
            var counts = new List<ApiKeyHashCount>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts.Add(new ApiKeyHashCount(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return counts;
        }).ConfigureAwait(false);
    }

    /// <summary>The NOTIFY channel changes to this store are announced on.</summary>
    public string Channel { get; }

    internal NpgsqlDataSource DataSource => _dataSource;

    internal string Schema => _schema;

    /// <summary>
    /// Runs <paramref name="work"/> on a connection from this store's data source once the schema is
    /// migrated; the audit store and the admin log share the key store's connections this way.
    /// </summary>
    internal async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException)
        {
            // As in GuardAsync: the idle pooled connections are most likely dead too.
            _dataSource.Clear();
            throw;
        }
    }

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
            if (!_initialized)
            {
                await GuardAsync(() => PostgreSqlSchema.MigrateAsync(_dataSource, _schema, _logger, cancellationToken)).ConfigureAwait(false);
                _initialized = true;
            }
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
        var inserted = await GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await InsertAsync(connection, null, record, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
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
        return await GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = PostgreSqlSchema.Command(_findSql, connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRecord(reader) : null;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var size = query.EffectivePageSize;
        return await GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = PostgreSqlSchema.Command(_listSql, connection);
            command.Parameters.AddWithValue("after", query.ContinuationToken ?? string.Empty);
            command.Parameters.Add(new NpgsqlParameter<string?>("organization", NpgsqlDbType.Text) { TypedValue = query.Organization });
            command.Parameters.Add(new NpgsqlParameter<string?>("owner", NpgsqlDbType.Text) { TypedValue = query.Owner });
            command.Parameters.Add(new NpgsqlParameter<string?>("environment", NpgsqlDbType.Text)
            {
                TypedValue = query.Environment is { } environment ? ApiKeyRecordText.Environment(environment) : null,
            });
            command.Parameters.Add(new NpgsqlParameter<bool?>("revoked", NpgsqlDbType.Boolean) { TypedValue = query.Revoked });
            command.Parameters.AddWithValue("limit", size + 1);

            var items = new List<ApiKeyRecord>(size);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (items.Count == size)
                {
                    return new ApiKeyPage(items, items[^1].Id);
                }

                items.Add(ReadRecord(reader));
            }

            return new ApiKeyPage(items, null);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await CompareAndSwapAsync(connection, null, record, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            // One statement: of two instances revoking at once, the second waits on the row lock, then finds revoked_at set.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = PostgreSqlSchema.Command(_revokeSql, connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.Add(Time("revoked_at", revokedAt));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rotated);
        ArgumentNullException.ThrowIfNull(replacement);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (!await InsertAsync(connection, transaction, replacement, cancellationToken).ConfigureAwait(false)
                || !await CompareAndSwapAsync(connection, transaction, rotated, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
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
        var ids = new string[usage.Count];
        var times = new DateTime[usage.Count];
        var i = 0;
        foreach (var (id, at) in usage)
        {
            ids[i] = id;
            times[i] = at.UtcDateTime;
            i++;
        }

        await GuardAsync(async () =>
        {
            // One statement for the whole batch.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = PostgreSqlSchema.Command(_lastUsedSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = times });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Closes the store's connections.</summary>
    public ValueTask DisposeAsync()
    {
        _initializing.Dispose();
        return _dataSource.DisposeAsync();
    }

    /// <summary>Closes the store's connections.</summary>
    public void Dispose()
    {
        _initializing.Dispose();
        _dataSource.Dispose();
    }

    private ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
        => _initialized ? ValueTask.CompletedTask : new ValueTask(InitializeAsync(cancellationToken));

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            if (exception is not PostgresException)
            {
                // The connection itself failed (server stopped or restarted): the idle pooled
                // connections are most likely dead too, so drop them and open fresh ones next time.
                _dataSource.Clear();
            }

            throw Unavailable(exception);
        }
        catch (TimeoutException exception)
        {
            throw Unavailable(exception);
        }
    }

    private async Task GuardAsync(Func<Task> work)
        => await GuardAsync(async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static ApiKeyStoreUnavailableException Unavailable(Exception exception)
        => new($"The PostgreSQL key store failed ({(exception is PostgresException postgres ? "SQLSTATE " + postgres.SqlState : exception.GetType().Name)}).", exception);

    private async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ApiKeyRecord record, CancellationToken cancellationToken)
    {
        await using var command = PostgreSqlSchema.Command(_insertSql, connection, transaction);
        AddContent(command, record);
        command.Parameters.Add(Time("last_used_at", record.LastUsedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<bool> CompareAndSwapAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ApiKeyRecord record, CancellationToken cancellationToken)
    {
        await using var command = PostgreSqlSchema.Command(_updateSql, connection, transaction);
        AddContent(command, record);
        command.Parameters.AddWithValue("version", record.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    // Everything but the last-used time and the row version, which have their own rules.
    private static void AddContent(NpgsqlCommand command, ApiKeyRecord record)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("id", record.Id);
        parameters.AddWithValue("prefix", record.Prefix);
        parameters.AddWithValue("name", record.Name);
        parameters.AddWithValue("owner", record.Owner);
        parameters.AddWithValue("organization", record.Organization);
        parameters.AddWithValue("environment", ApiKeyRecordText.Environment(record.Environment));
        parameters.Add(new NpgsqlParameter<string[]>("scopes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ApiKeyRecordText.Grants(record) });
        parameters.Add(new NpgsqlParameter<string?>("tier", NpgsqlDbType.Text) { TypedValue = record.Tier });
        parameters.Add(Time("created_at", record.CreatedAt));
        parameters.Add(Time("expires_at", record.ExpiresAt));
        parameters.Add(Time("revoked_at", record.RevokedAt));
        parameters.Add(new NpgsqlParameter<string?>("replaced_by", NpgsqlDbType.Text) { TypedValue = record.ReplacedBy });
        parameters.AddWithValue("salt", record.Salt);
        parameters.AddWithValue("hash", record.Hash);
        parameters.AddWithValue("pepper_version", record.PepperVersion);
        parameters.AddWithValue("hash_version", record.HashVersion);
    }

    private static NpgsqlParameter Time(string name, DateTimeOffset? value)
        => new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.UtcDateTime : DBNull.Value };

    private static DateTimeOffset? ReadTime(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    private static ApiKeyRecord ReadRecord(NpgsqlDataReader reader) => ReadRecord(reader, reader.GetFieldValue<string[]>(6));

    private static ApiKeyRecord ReadRecord(NpgsqlDataReader reader, string[] grants) => new()
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
        CreatedAt = new DateTimeOffset(reader.GetFieldValue<DateTime>(8), TimeSpan.Zero),
        ExpiresAt = ReadTime(reader, 9),
        RevokedAt = ReadTime(reader, 10),
        LastUsedAt = ReadTime(reader, 11),
        ReplacedBy = reader.IsDBNull(12) ? null : reader.GetString(12),
        Salt = reader.GetFieldValue<byte[]>(13),
        Hash = reader.GetFieldValue<byte[]>(14),
        PepperVersion = reader.GetInt32(15),
        Version = reader.GetInt64(16),
        HashVersion = reader.GetInt32(17),
    };
}
