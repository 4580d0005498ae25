using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Rampart.AspNetCore.HealthChecks;

namespace RampartApi.Endpoints;

/// <summary>The probes of load balancers and orchestrators, answered without a key.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // 200 "Healthy" or 503 "Unhealthy", nothing more: which dependency failed is in the app's
        // log, not in an answer anyone may read.
        // Liveness consults no dependency, so a database outage never restarts the app; readiness
        // takes the instance out of the load balancer until the store (and Redis) answer again.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(RampartHealthChecks.LiveTag) })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(RampartHealthChecks.ReadyTag) })
            .AllowAnonymous();
        return endpoints;
    }
}
