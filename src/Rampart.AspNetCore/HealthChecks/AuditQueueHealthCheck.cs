using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.HealthChecks;

/// <summary>
/// How many audit records wait to be written. Degraded from the configured share of the capacity or
/// while writes fail and are retried; unhealthy when full, since new records are then dropped.
/// </summary>
internal sealed class AuditQueueHealthCheck(AuditRecordQueue queue, double degradedRatio) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!queue.IsEnabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No audit store is configured: nothing is queued."));
        }

        var depth = queue.Depth;
        var data = new Dictionary<string, object>
        {
            ["depth"] = depth,
            ["capacity"] = queue.Capacity,
            ["dropped"] = queue.Dropped,
            ["retrying"] = queue.HasRetries,
        };

        var result = depth >= queue.Capacity
            ? new HealthCheckResult(context.Registration.FailureStatus, "The audit queue is full: new audit records are dropped.", data: data)
            : depth >= queue.Capacity * degradedRatio
                ? HealthCheckResult.Degraded("The audit queue is filling: the audit store is falling behind.", data: data)
                : queue.HasRetries
                    ? HealthCheckResult.Degraded("Audit writes are failing and being retried.", data: data)
                    : HealthCheckResult.Healthy(data: data);
        return Task.FromResult(result);
    }
}
