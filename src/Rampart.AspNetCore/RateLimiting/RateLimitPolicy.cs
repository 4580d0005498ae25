using System.Collections.Immutable;
using System.Globalization;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Whose counter a policy limits.</summary>
public enum RateLimitScope
{
    /// <summary>One API key.</summary>
    Key,

    /// <summary>Every key of one organisation together.</summary>
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
public sealed class RateLimitPolicy
{
    /// <summary>The <see cref="WindowSeconds"/> of a calendar-month quota.</summary>
    public const long MonthPeriod = 0;

    /// <summary>A policy named <paramref name="name"/> admitting <paramref name="limit"/> units per window of <paramref name="windowSeconds"/> (or <see cref="MonthPeriod"/>).</summary>
    /// <exception cref="ArgumentException">The name holds more than letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (it goes into response headers unescaped), or a number is negative.</exception>
    public RateLimitPolicy(string name, RateLimitScope scope, bool isQuota, long limit, long windowSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A policy name holds only letters, digits, '-', '_' and '.'.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(windowSeconds);
        Name = name;
        Scope = scope;
        IsQuota = isQuota;
        Limit = limit;
        WindowSeconds = windowSeconds;
    }

    /// <summary>The name in headers and problem bodies: the window name, prefixed with <c>org.</c> for organisations.</summary>
    public string Name { get; }

    /// <summary>Whose counter the policy limits.</summary>
    public RateLimitScope Scope { get; }

    /// <summary>True for a quota (a 429 then says <c>quota_exhausted</c>), false for a rate window.</summary>
    public bool IsQuota { get; }

    /// <summary>The units admitted per window.</summary>
    public long Limit { get; }

    /// <summary>The window length in seconds, or <see cref="MonthPeriod"/> for a calendar month.</summary>
    public long WindowSeconds { get; }

    /// <summary>True when the window is the calendar month (UTC) rather than a fixed length.</summary>
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
    internal string PolicyItem => IsCalendarMonth
        ? $"\"{Name}\";q={Limit.ToString(CultureInfo.InvariantCulture)}"
        : $"\"{Name}\";q={Limit.ToString(CultureInfo.InvariantCulture)};w={WindowSeconds.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>The policies of one key or one organisation, with their <c>RateLimit-Policy</c> items built once.</summary>
public sealed class RateLimitPolicySet
{
    /// <summary>A set of <paramref name="policies"/>, in the order their counters are kept.</summary>
    public RateLimitPolicySet(IEnumerable<RateLimitPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Policies = [.. policies];
        PolicyHeader = string.Join(", ", Policies.Select(p => p.PolicyItem));
        var maxFixed = Policies.Where(p => !p.IsCalendarMonth).Select(p => p.WindowSeconds).DefaultIfEmpty(0).Max();
        HasCalendarMonth = Policies.Any(p => p.IsCalendarMonth);
        LongestWindowSeconds = maxFixed;
    }

    /// <summary>The policies, in a stable order: counters may be stored by position.</summary>
    public ImmutableArray<RateLimitPolicy> Policies { get; }

    /// <summary>The members of the <c>RateLimit-Policy</c> list for these policies.</summary>
    internal string PolicyHeader { get; }

    // Sets are built once per configuration snapshot, so there are few organisation sets to pair
    // with: the joined header is built once per pair rather than once per request.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RateLimitPolicySet, string> _withOrganization = new(ReferenceEqualityComparer.Instance);

    /// <summary>This set's policies followed by <paramref name="organization"/>'s, as one <c>RateLimit-Policy</c> value.</summary>
    internal string PolicyHeaderWith(RateLimitPolicySet organization)
        => _withOrganization.GetOrAdd(organization, static (org, self) => string.Concat(self.PolicyHeader, ", ", org.PolicyHeader), this);

    /// <summary>True when one of the policies is a calendar-month quota.</summary>
    public bool HasCalendarMonth { get; }

    /// <summary>The longest fixed window in seconds (0 when there is none): how long an idle counter must be kept.</summary>
    public long LongestWindowSeconds { get; }

    /// <summary>How many policies the set holds.</summary>
    public int Count => Policies.Length;
}
