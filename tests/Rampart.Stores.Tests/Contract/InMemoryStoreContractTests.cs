using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Contract;

/// <summary>The contract against <see cref="InMemoryApiKeyStore"/>; "restart" re-opens the same process memory.</summary>
public sealed class InMemoryStoreContractTests : ApiKeyStoreContractTests
{
    protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new Harness());

    private sealed class Harness : IStoreHarness
    {
        private readonly InMemoryApiKeyStore _memory = new();

        public Task<IApiKeyStore> OpenAsync() => Task.FromResult<IApiKeyStore>(_memory);

        public Task CloseAsync(IApiKeyStore store) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
