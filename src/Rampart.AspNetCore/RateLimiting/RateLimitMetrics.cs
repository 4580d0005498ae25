using System.Diagnostics.Metrics;
using Rampart.AspNetCore.Diagnostics;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>The <c>rampart.rate_limit.rejections</c> counter on the <c>Rampart</c> meter.</summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = RampartTelemetry.Name;
    public const string RejectionsName = "rampart.rate_limit.rejections";

    public const string UntrackedName = "rampart.rate_limit.untracked";

    private readonly Counter<long> _rejections;
    private readonly Counter<long> _untracked;

    public RateLimitMetrics(IMeterFactory meterFactory)
    {
        var meter = RampartTelemetry.CreateMeter(meterFactory);
        _rejections = meter.CreateCounter<long>(RejectionsName, "{request}", "Requests refused by Rampart rate limits or quotas.");
        _untracked = meter.CreateCounter<long>(UntrackedName, "{request}", "Requests not counted because a bounded counter table was full.");
    }

    /// <summary>Counts one request a full counter table could not track (a drop, never silent).</summary>
    public void Untracked(string table) => _untracked.Add(1, new KeyValuePair<string, object?>("rampart.rate_limit.table", table));

    /// <summary>Counts one refusal, tagged with its reason and the policy the client waits for (never the key).</summary>
    public void Rejected(string reason, string? policy)
    {
        RampartTelemetry.Rejected(reason, policy);
        if (_rejections.Enabled)
        {
            _rejections.Add(1,
                new KeyValuePair<string, object?>(RampartTelemetry.ErrorTypeTag, reason),
                new KeyValuePair<string, object?>("rampart.rate_limit.reason", reason),
                new KeyValuePair<string, object?>("rampart.rate_limit.policy", policy));
        }
    }
}
