using Rampart.AspNetCore.Storage;
using Rampart.AspNetCore.Storage.Sqlite;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Contract;

/// <summary>The contract against a real SQLite file in a temporary folder; "restart" closes every connection and opens the file again.</summary>
public sealed class SqliteStoreContractTests : ApiKeyStoreContractTests
{
    protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new Harness());

    private sealed class Harness : IStoreHarness
    {
        private readonly TempFolder _folder = new();

        public Task<IApiKeyStore> OpenAsync() => Task.FromResult<IApiKeyStore>(new SqliteApiKeyStore(_folder.File("keys.db")));

        public Task CloseAsync(IApiKeyStore store)
        {
            ((SqliteApiKeyStore)store).Dispose();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
