namespace Rampart.AspNetCore.Storage;

/// <summary>A store with a schema to create or migrate; <see cref="ApiKeyStoreInitializer"/> does it when the app starts.</summary>
internal interface IInitializableApiKeyStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);
}
