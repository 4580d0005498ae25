using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.PostgreSql;

namespace Rampart.Benchmarks.Stores;

/// <summary>
/// A store filled with <c>fillerRows</c> generated rows (bulk INSERT … SELECT, not one by one) plus
/// 1,000 real keys issued through the manager, and a verifier wired to it.
/// </summary>
internal sealed class StoreFixture : IDisposable
{
    public const int RealKeys = 1_000;

    private readonly ServiceProvider _services;
    private readonly BenchmarkPostgres? _postgres;
    private readonly string? _folder;
    private readonly IDisposable _store;

    public StoreFixture(string kind, int fillerRows, bool cache)
    {
        IApiKeyStore store;
        if (kind == "Sqlite")
        {
            _folder = Directory.CreateTempSubdirectory("rampart-bench-sqlite-").FullName;
            var sqlite = new SqliteApiKeyStore(Path.Combine(_folder, "keys.db"));
            sqlite.InitializeAsync().GetAwaiter().GetResult();
            FillSqlite(Path.Combine(_folder, "keys.db"), fillerRows);
            store = sqlite;
            _store = sqlite;
        }
        else
        {
            _postgres = new BenchmarkPostgres();
            var postgres = new PostgreSqlApiKeyStore(new PostgreSqlStoreOptions { ConnectionString = _postgres.ConnectionString, Schema = "bench" });
            postgres.InitializeAsync().GetAwaiter().GetResult();
            FillPostgres(_postgres.ConnectionString, fillerRows);
            store = postgres;
            _store = postgres;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddRampart(options =>
        {
            options.Keys.Prefix = "acme";
            options.Keys.Peppers[1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            if (!cache)
            {
                options.Keys.CacheSize = 0;
                options.Keys.NegativeCacheSize = 0;
            }
        });
        services.AddSingleton(store);
        _services = services.BuildServiceProvider();

        var manager = _services.GetRequiredService<IApiKeyManager>();
        Keys = Enumerable.Range(0, RealKeys)
            .Select(i => manager.CreateAsync(new ApiKeyCreateRequest { Name = $"bench {i}", Owner = "bench", Organization = "bench", Scopes = ["orders:read"] }).GetAwaiter().GetResult().Key)
            .ToArray();
        Verifier = _services.GetRequiredService<ApiKeyVerifier>();
        foreach (var key in Keys)
        {
            if (!Verifier.VerifyAsync(key, default).AsTask().GetAwaiter().GetResult().Succeeded)
            {
                throw new InvalidOperationException("A benchmark key did not verify.");
            }
        }
    }

    public string[] Keys { get; }

    public ApiKeyVerifier Verifier { get; }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        _postgres?.Dispose();
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static void FillSqlite(string path, int rows)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
            INSERT INTO rampart_api_keys
            SELECT printf('f%011d', i), 'acme', 'filler ' || i, 'owner', 'org-' || (i % 100), 'live', '["orders:read"]', NULL,
                   638000000000000000, NULL, NULL, NULL, NULL, randomblob(16), randomblob(32), 1, 1
            FROM n;
            """;
        command.Parameters.AddWithValue("$rows", rows);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void FillPostgres(string connectionString, int rows)
    {
        using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var command = dataSource.CreateCommand(
            """
            INSERT INTO bench.api_keys
            SELECT 'f' || lpad(i::text, 11, '0'), 'acme', 'filler ' || i, 'owner', 'org-' || (i % 100), 'live', ARRAY['orders:read'], NULL,
                   now(), NULL, NULL, NULL, NULL, decode(md5(i::text), 'hex'), sha256(i::text::bytea), 1, 1
            FROM generate_series(1, @rows) AS i;
            ANALYZE bench.api_keys;
            """);
        command.Parameters.AddWithValue("rows", rows);
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
    }
}
