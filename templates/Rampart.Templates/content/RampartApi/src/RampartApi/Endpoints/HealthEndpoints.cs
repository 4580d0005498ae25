using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace RampartApi.Endpoints;

/// <summary>The probes of load balancers and orchestrators, answered without a key.</summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks that say whether the process works at all: a failure means restart it.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the checks that say whether the instance can serve: a failure means send it no traffic.</summary>
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // 200 "Healthy" or 503 "Unhealthy", nothing more: which dependency failed is in the app's
        // log, not in an answer anyone may read.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous();
        return endpoints;
    }
}
