using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.HealthChecks;

/// <summary>
/// Looks up an id no key can have, straight from the store (not the verifier's cache), so the check
/// touches the database without reading any record. A store that implements <see cref="IHealthCheck"/> itself is asked instead.
/// </summary>
internal sealed class ApiKeyStoreHealthCheck(IApiKeyStore store) : IHealthCheck
{
    // Key ids are base62; the hyphen keeps this one outside their alphabet.
    private const string ProbeId = "rampart-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is IHealthCheck own)
        {
            return await own.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await store.FindAsync(ProbeId, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(StoreDescription.Of(store));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The key store did not answer: requests with keys not yet cached are refused with 503.", exception);
        }
    }
}
