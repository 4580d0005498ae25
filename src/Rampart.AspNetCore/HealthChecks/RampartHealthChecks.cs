namespace Rampart.AspNetCore.HealthChecks;

/// <summary>The names and tags of the health checks <c>AddRampartHealthChecks</c> registers.</summary>
/// <remarks>
/// Map them as the app's probes expect, e.g.
/// <c>app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(RampartHealthChecks.ReadyTag) })</c>.
/// Dependency checks carry the readiness tag only: an unreachable database should take an instance
/// out of the load balancer, never restart it.
/// </remarks>
public static class RampartHealthChecks
{
    /// <summary>Tag of the checks that say whether the instance can serve (dependencies reachable). Default set: <c>ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the check that says whether the process works at all (nothing outside it consulted). Default set: <c>live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>Carried by every Rampart check, to map them apart from the app's own.</summary>
    public const string Tag = "rampart";

    /// <summary>The key store answers a lookup.</summary>
    public const string KeyStore = "rampart-key-store";

    /// <summary>The audit store answers a query (healthy when no store is configured).</summary>
    public const string AuditStore = "rampart-audit-store";

    /// <summary>Audit records waiting to be written: degraded as the queue fills or writes fail, unhealthy when full.</summary>
    public const string AuditQueue = "rampart-audit-queue";

    /// <summary>The rate limiter's backing service (the Redis circuit and a PING); healthy for the in-memory limiter.</summary>
    public const string RateLimiter = "rampart-rate-limiter";

    /// <summary>Liveness: Rampart's background work (the audit writer) is still running.</summary>
    public const string Process = "rampart";
}
