using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.Stores.Tests.Keys;

/// <summary>Wraps the app's registered key store (whichever it is) in a test decorator.</summary>
internal static class StoreDecoration
{
    public static void Decorate(IServiceCollection services, Func<IApiKeyStore, IApiKeyStore> decorate)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IApiKeyStore));
        services.Remove(registered);
        services.AddSingleton(sp => decorate(registered.ImplementationFactory is { } factory
            ? (IApiKeyStore)factory(sp)
            : registered.ImplementationInstance as IApiKeyStore ?? (IApiKeyStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
    }
}

/// <summary>
/// Holds the first scheme-2 update (a re-hash) once armed, until the test releases it: an explicit signal
/// to make a rotation land between a verification and its re-hash write.
/// </summary>
internal sealed class GatedRehashStore(IApiKeyStore inner) : IApiKeyStore, IInitializableApiKeyStore
{
    private int _armed;

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RehashAttempts;

    public int RehashesStored;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public Task InitializeAsync(CancellationToken cancellationToken = default)
        => inner is IInitializableApiKeyStore initializable ? initializable.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public async Task<bool> UpdateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        var isRehash = record.HashVersion == 2 && (await inner.FindAsync(record.Id, cancellationToken))?.HashVersion == 1;
        if (isRehash)
        {
            Interlocked.Increment(ref RehashAttempts);
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Reached.TrySetResult();
                await Release.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            }
        }

        var stored = await inner.UpdateAsync(record, cancellationToken);
        if (isRehash && stored)
        {
            Interlocked.Increment(ref RehashesStored);
        }

        return stored;
    }

    public Task CreateAsync(ApiKeyRecord record, CancellationToken cancellationToken = default) => inner.CreateAsync(record, cancellationToken);

    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

    public Task<ApiKeyPage> ListAsync(ApiKeyQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<bool> RotateAsync(ApiKeyRecord rotated, ApiKeyRecord replacement, CancellationToken cancellationToken = default) => inner.RotateAsync(rotated, replacement, cancellationToken);

    public Task RecordLastUsedAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> usage, CancellationToken cancellationToken = default) => inner.RecordLastUsedAsync(usage, cancellationToken);

    public Task<IReadOnlyList<ApiKeyHashCount>> CountByHashAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.CountByHashAsync(now, cancellationToken);
}
