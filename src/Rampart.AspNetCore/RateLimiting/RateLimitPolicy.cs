using System.Globalization;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Whose counter a policy limits.</summary>
internal enum RateLimitScope
{
    Key,
    Organization,

    /// <summary>A principal of another authentication scheme.</summary>
    Principal,

    /// <summary>A client address: anonymous requests, and failed keys.</summary>
    Address,
}

/// <summary>
/// One resolved limit: a fixed window aligned to the Unix epoch, or a calendar-month quota. Times are
/// Unix milliseconds so that the in-memory limiter and the Redis script compute identical windows.
/// </summary>
internal sealed class RateLimitPolicy
{
    public const long MonthPeriod = 0;

    public RateLimitPolicy(string name, RateLimitScope scope, bool isQuota, long limit, long windowSeconds)
    {
        Name = name;
        Scope = scope;
        IsQuota = isQuota;
        Limit = limit;
        WindowSeconds = windowSeconds;
    }

    /// <summary>The name in headers and problem bodies: the window name, prefixed with <c>org.</c> for organisations.</summary>
    public string Name { get; }

    public RateLimitScope Scope { get; }

    public bool IsQuota { get; }

    public long Limit { get; }

    /// <summary>The window length in seconds, or <see cref="MonthPeriod"/> for a calendar month.</summary>
    public long WindowSeconds { get; }

    public bool IsCalendarMonth => WindowSeconds == MonthPeriod;

    /// <summary>The window containing <paramref name="nowMs"/>: a number that identifies it, and when it ends.</summary>
    public (long Id, long EndMs) GetWindow(long nowMs)
    {
        if (IsCalendarMonth)
        {
            var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
            var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return ((now.Year * 12L) + now.Month - 1, start.AddMonths(1).ToUnixTimeMilliseconds());
        }

        var length = WindowSeconds * 1000;
        var id = nowMs / length;
        return (id, (id + 1) * length);
    }

    /// <summary>The draft-11 Quota Policy Item: <c>"name";q=limit;w=seconds</c> (a calendar month has no fixed <c>w</c>).</summary>
    public string PolicyItem => IsCalendarMonth
        ? $"\"{Name}\";q={Limit.ToString(CultureInfo.InvariantCulture)}"
        : $"\"{Name}\";q={Limit.ToString(CultureInfo.InvariantCulture)};w={WindowSeconds.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>The policies of one key or one organisation, with their <c>RateLimit-Policy</c> items built once.</summary>
internal sealed class RateLimitPolicySet
{
    public RateLimitPolicySet(RateLimitPolicy[] policies)
    {
        Policies = policies;
        PolicyHeader = string.Join(", ", policies.Select(p => p.PolicyItem));
        var maxFixed = policies.Where(p => !p.IsCalendarMonth).Select(p => p.WindowSeconds).DefaultIfEmpty(0).Max();
        HasCalendarMonth = policies.Any(p => p.IsCalendarMonth);
        LongestWindowSeconds = maxFixed;
    }

    public RateLimitPolicy[] Policies { get; }

    /// <summary>The members of the <c>RateLimit-Policy</c> list for these policies.</summary>
    public string PolicyHeader { get; }

    // Sets are built once per configuration snapshot, so there are few organisation sets to pair
    // with: the joined header is built once per pair rather than once per request.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RateLimitPolicySet, string> _withOrganization = new(ReferenceEqualityComparer.Instance);

    /// <summary>This set's policies followed by <paramref name="organization"/>'s, as one <c>RateLimit-Policy</c> value.</summary>
    public string PolicyHeaderWith(RateLimitPolicySet organization)
        => _withOrganization.GetOrAdd(organization, static (org, self) => string.Concat(self.PolicyHeader, ", ", org.PolicyHeader), this);

    public bool HasCalendarMonth { get; }

    public long LongestWindowSeconds { get; }

    public int Count => Policies.Length;
}
