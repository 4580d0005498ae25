namespace Rampart.AspNetCore.HealthChecks;

/// <summary>How <c>AddRampartHealthChecks</c> registers its checks.</summary>
public sealed class RampartHealthCheckOptions
{
    /// <summary>Tags of the dependency checks (key store, audit store and queue, rate limiter). Default: <c>ready</c>.</summary>
    public ICollection<string> ReadinessTags { get; } = [RampartHealthChecks.ReadyTag];

    /// <summary>Tags of the liveness check. Default: <c>live</c>.</summary>
    public ICollection<string> LivenessTags { get; } = [RampartHealthChecks.LiveTag];

    /// <summary>How long one check may take before it counts as failed. Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The share of the audit queue's capacity (<c>Rampart:Logging:Store:QueueCapacity</c>) in use from
    /// which the queue check reports degraded. Default: 0.8. A full queue is unhealthy: new records are dropped.
    /// </summary>
    public double AuditQueueDegradedRatio { get; set; } = 0.8;
}
