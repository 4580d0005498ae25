using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Rampart.AspNetCore.Audit;

namespace Rampart.AspNetCore.HealthChecks;

/// <summary>
/// Liveness: unhealthy only when Rampart's background audit writer has stopped with an error (an app
/// that keeps running after a background failure would otherwise queue audit records forever). No
/// dependency is consulted, so an outage never restarts the app.
/// </summary>
internal sealed class ProcessHealthCheck(IEnumerable<IHostedService> hostedServices) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var writer = hostedServices.OfType<AuditStoreWriter>().FirstOrDefault();
        var result = writer?.ExecuteTask is { IsFaulted: true } task
            ? new HealthCheckResult(context.Registration.FailureStatus, "The audit writer stopped with an error.", task.Exception?.GetBaseException())
            : HealthCheckResult.Healthy();
        return Task.FromResult(result);
    }
}
