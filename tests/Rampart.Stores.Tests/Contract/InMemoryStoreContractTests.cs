using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Contract;

/// <summary>The contract against <see cref="InMemoryApiKeyStore"/>; "restart" re-opens the same process memory.</summary>
public sealed class InMemoryStoreContractTests : ApiKeyStoreContractTests
{
    protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new Harness());

    // The in-memory store counts with the interface's default, which walks the pages of ListAsync.
    [Fact]
    public async Task Counting_by_pages_sees_every_page_of_a_large_store()
    {
        for (var i = 0; i < ApiKeyQuery.MaxPageSize + 3; i++)
        {
            await Store.CreateAsync(Records.New(hashVersion: i % 3 == 0 ? 1 : 2));
        }

        var counts = await Store.CountByHashAsync(Records.Now);

        Assert.Equal(ApiKeyQuery.MaxPageSize + 3, counts.Sum(c => c.Keys));
        Assert.Equal(Enumerable.Range(0, ApiKeyQuery.MaxPageSize + 3).Count(i => i % 3 == 0), counts.Single(c => c.HashVersion == 1).Keys);
    }

    private sealed class Harness : IStoreHarness
    {
        private readonly InMemoryApiKeyStore _memory = new();

        public Task<IApiKeyStore> OpenAsync() => Task.FromResult<IApiKeyStore>(_memory);

        public Task CloseAsync(IApiKeyStore store) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
