using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Contract;

/// <summary>
/// Opens a store over one piece of storage (a memory area, a file, a database schema). Opening again
/// after closing must show the same data: that is what "restart" means for the contract.
/// </summary>
public interface IStoreHarness : IAsyncDisposable
{
    Task<IApiKeyStore> OpenAsync();

    Task CloseAsync(IApiKeyStore store);
}
