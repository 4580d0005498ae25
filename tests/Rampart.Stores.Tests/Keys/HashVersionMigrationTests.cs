using Microsoft.Data.Sqlite;
using Npgsql;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Contract;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Keys;

/// <summary>
/// A database written before the hash-version column: made by taking the column and its migration out of a
/// current one. Opening it adds the column, and every existing row reads as scheme 1.
/// </summary>
public class SqliteHashVersionMigrationTests
{
    [Fact]
    public async Task Rows_written_before_the_hash_version_column_read_as_scheme_1_after_the_migration()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        var record = Records.New(hashVersion: 2);
        using (var current = new SqliteApiKeyStore(path))
        {
            await current.CreateAsync(record);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"ALTER TABLE {SqliteSchema.Table} DROP COLUMN hash_version; DELETE FROM {SqliteSchema.VersionTable} WHERE version >= 2;";
            command.ExecuteNonQuery();
        }

        using var reopened = new SqliteApiKeyStore(path);
        Records.AssertSame(record with { HashVersion = 1 }, await reopened.FindAsync(record.Id), version: 1);
        Assert.Equal([new(1, 1, 1, 1)], await reopened.CountByHashAsync(Records.Now));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlHashVersionMigrationTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => server.DropSchemaAsync(_schema);

    [Fact]
    public async Task Rows_written_before_the_hash_version_column_read_as_scheme_1_after_the_migration()
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString, Schema = _schema };
        var record = Records.New(hashVersion: 2);
        await using (var current = new PostgreSqlApiKeyStore(options))
        {
            await current.CreateAsync(record);
        }

        await using (var dataSource = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await using var command = dataSource.CreateCommand($"ALTER TABLE \"{_schema}\".api_keys DROP COLUMN hash_version; DROP TABLE \"{_schema}\".usage; DELETE FROM \"{_schema}\".schema_version WHERE version >= 3;");
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = new PostgreSqlApiKeyStore(options);
        Records.AssertSame(record with { HashVersion = 1 }, await reopened.FindAsync(record.Id), version: 1);
        Assert.Equal([new(1, 1, 1, 1)], await reopened.CountByHashAsync(Records.Now));
    }
}
