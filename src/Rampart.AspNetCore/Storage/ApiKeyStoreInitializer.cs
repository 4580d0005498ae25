using Microsoft.Extensions.Hosting;

namespace Rampart.AspNetCore.Storage;

/// <summary>Creates or migrates the store's schema when the app starts, so a broken database stops the start rather than the first request.</summary>
internal sealed class ApiKeyStoreInitializer(IApiKeyStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
        => store is IInitializableApiKeyStore initializable ? initializable.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
