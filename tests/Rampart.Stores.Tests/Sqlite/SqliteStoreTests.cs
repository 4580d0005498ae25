using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.Stores.Tests.Contract;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Sqlite;

public class SqliteStoreTests
{
    [Fact]
    public async Task Stores_opening_a_new_file_at_the_same_time_migrate_it_once_in_wal_mode()
    {
        using var folder = new TempFolder();
        var path = folder.File(Path.Combine("nested", "keys.db"));
        var stores = Enumerable.Range(0, 6).Select(_ => new SqliteApiKeyStore(path)).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.CreateAsync(Records.New()))));

            Assert.Equal(6, (await stores[0].ListAsync(new ApiKeyQuery())).Items.Count);
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
            Assert.Equal((long)SqliteSchema.LatestVersion, Scalar(connection, $"SELECT COUNT(*) FROM {SqliteSchema.VersionTable};"));
            Assert.Equal((long)SqliteSchema.LatestVersion, Scalar(connection, $"SELECT MAX(version) FROM {SqliteSchema.VersionTable};"));
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_version_is_refused_and_left_alone()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        using (var store = new SqliteApiKeyStore(path))
        {
            await store.InitializeAsync();
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {SqliteSchema.VersionTable} (version, applied_at) VALUES (99, 'later');";
            command.ExecuteNonQuery();
        }

        using var newer = new SqliteApiKeyStore(path);
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.FindAsync("AAAAAAAAAAAA"));
        Assert.Contains("99", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_cannot_be_opened_surfaces_as_store_unavailable()
    {
        using var folder = new TempFolder();
        var notAFile = folder.File("keys.db");
        Directory.CreateDirectory(notAFile);
        using var store = new SqliteApiKeyStore(notAFile);

        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.FindAsync("AAAAAAAAAAAA"));
    }

    [Fact]
    public async Task AddRampart_registers_the_sqlite_store_in_the_content_root_by_default()
    {
        using var folder = new TempFolder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        builder.Services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);
        using var host = builder.Build();

        var store = Assert.IsType<SqliteApiKeyStore>(host.Services.GetRequiredService<IApiKeyStore>());

        Assert.Equal(Path.Combine(folder.Path, SqliteStoreOptions.DefaultPath), store.Path);
        await host.StartAsync();
        Assert.True(File.Exists(store.Path));
        await host.StopAsync();
    }

    [Fact]
    public void The_store_is_chosen_and_placed_from_configuration()
    {
        using var folder = new TempFolder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Rampart:Store:Sqlite:Path"] = "data/keys.sqlite" });
        builder.Services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);
        using (var host = builder.Build())
        {
            Assert.Equal(Path.Combine(folder.Path, "data", "keys.sqlite"), Assert.IsType<SqliteApiKeyStore>(host.Services.GetRequiredService<IApiKeyStore>()).Path);
        }

        var memory = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        memory.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Rampart:Store:Provider"] = "InMemory" });
        memory.Services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);
        using var memoryHost = memory.Build();
        Assert.IsType<InMemoryApiKeyStore>(memoryHost.Services.GetRequiredService<IApiKeyStore>());
    }

    [Theory]
    [InlineData("Rampart:Store:Sqlite:Path", "", "Rampart:Store:Sqlite:Path")]
    [InlineData("Rampart:Store:Sqlite:BusyTimeout", "00:00:00", "Rampart:Store:Sqlite:BusyTimeout")]
    public void Bad_store_settings_stop_the_start_with_a_message_naming_the_key(string key, string value, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);

        // Options are validated when first resolved, which may already be while the host is built.
        var failure = Assert.Throws<OptionsValidationException>(() =>
        {
            using var host = builder.Build();
            return host.Services.GetRequiredService<IOptions<RampartOptions>>().Value;
        });
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_survive_an_app_restart_on_the_default_store()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys.db");
        string key;
        await using (var first = await StoresTestApp.StartAsync(o => o.Store.Sqlite.Path = path, useTempSqlite: false))
        {
            key = (await first.CreateKeyAsync("orders:read")).Key;
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/orders", key)).StatusCode);
        }

        await using var second = await StoresTestApp.StartAsync(o => o.Store.Sqlite.Path = path, useTempSqlite: false);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/orders", key)).StatusCode);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Test SQL is constant.")]
    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
