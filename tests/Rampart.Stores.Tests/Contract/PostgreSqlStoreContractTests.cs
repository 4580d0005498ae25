using Rampart.AspNetCore.Storage;
using Rampart.PostgreSql;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Contract;

/// <summary>The contract against a real PostgreSQL server, one fresh schema per test; "restart" disposes the store's connections and opens a new store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreContractTests(PostgresServer server) : ApiKeyStoreContractTests
{
    protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new Harness(server));

    private sealed class Harness(PostgresServer server) : IStoreHarness
    {
        private readonly string _schema = PostgresServer.NewSchema();

        public Task<IApiKeyStore> OpenAsync()
            => Task.FromResult<IApiKeyStore>(new PostgreSqlApiKeyStore(new PostgreSqlStoreOptions { ConnectionString = server.ConnectionString, Schema = _schema }));

        public async Task CloseAsync(IApiKeyStore store) => await ((PostgreSqlApiKeyStore)store).DisposeAsync();

        public async ValueTask DisposeAsync() => await server.DropSchemaAsync(_schema);
    }
}
