using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.HealthChecks;

/// <summary>Queries an empty time range of the audit store. Healthy when no store is configured (records go to the logger only).</summary>
internal sealed class AuditStoreHealthCheck(IAuditStore store, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is DisabledAuditStore)
        {
            return HealthCheckResult.Healthy("No audit store is configured: audit records go to the logger only.");
        }

        if (store is IHealthCheck own)
        {
            return await own.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var now = time.GetUtcNow();
            await store.ListAsync(now, now, 1, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(StoreDescription.Of(store));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The audit store did not answer: audit records wait in the queue.", exception);
        }
    }
}
