using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Rampart.AspNetCore.Storage;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Contract;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.PostgreSql;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresServer server)
{
    [Fact]
    public async Task Instances_starting_together_migrate_the_schema_once()
    {
        var schema = PostgresServer.NewSchema();
        var stores = Enumerable.Range(0, 6)
            .Select(_ => new PostgreSqlApiKeyStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString, Schema = schema }))
            .ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.CreateAsync(Records.New()))));

            Assert.Equal(6, (await stores[0].ListAsync(new ApiKeyQuery())).Items.Count);
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
            await using var command = dataSource.CreateCommand($"SELECT COUNT(*) FROM \"{schema}\".schema_version;");
            Assert.Equal((long)PostgreSqlSchema.LatestVersion, await command.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            await server.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task An_unreachable_server_surfaces_as_store_unavailable()
    {
        await using var store = new PostgreSqlApiKeyStore(new PostgreSqlStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2" });

        await Assert.ThrowsAsync<ApiKeyStoreUnavailableException>(() => store.FindAsync("AAAAAAAAAAAA"));
    }

    [Fact]
    public void AddRampartPostgreSql_replaces_the_default_store_before_or_after_AddRampart()
    {
        foreach (var postgresFirst in new[] { true, false })
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            if (postgresFirst)
            {
                services.AddRampartPostgreSql(server.ConnectionString);
            }

            services.AddRampart(o => o.Keys.Peppers[1] = StoresTestApp.Pepper);
            if (!postgresFirst)
            {
                services.AddRampartPostgreSql(server.ConnectionString);
            }

            using var provider = services.BuildServiceProvider();
            Assert.IsType<PostgreSqlApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
            Assert.IsType<PostgreSqlChangeNotifier>(provider.GetRequiredService<IApiKeyChangeNotifier>());
        }
    }

    [Theory]
    [InlineData(null, "rampart", "Rampart:Store:PostgreSql:ConnectionString")]
    [InlineData("Host=127.0.0.1", "Bad-Schema", "Rampart:Store:PostgreSql:Schema")]
    public void Bad_settings_stop_the_start_with_a_message_naming_the_key(string? connectionString, string schema, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rampart:Store:PostgreSql:ConnectionString"] = connectionString,
            ["Rampart:Store:PostgreSql:Schema"] = schema,
        });
        builder.Services.AddRampartPostgreSql(_ => { });
        using var host = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
