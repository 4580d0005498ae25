namespace Rampart.AspNetCore.Storage;

/// <summary>
/// Tells other instances of the app that a key changed (revoked, rotated, updated) so they drop it from
/// their caches. The instance that made the change drops it at once itself. With a single instance
/// nothing needs telling; distributed stores register an implementation.
/// </summary>
public interface IApiKeyChangeNotifier
{
    /// <summary>Announces that <paramref name="keyId"/> changed.</summary>
    Task PublishAsync(string keyId, CancellationToken cancellationToken = default);
}

/// <summary>For a single instance: there is no one else to tell.</summary>
internal sealed class SingleInstanceChangeNotifier : IApiKeyChangeNotifier
{
    public Task PublishAsync(string keyId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
