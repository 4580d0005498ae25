using System.Collections.Frozen;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Rate limits and quotas per API key and per organisation (<c>Rampart:RateLimits</c>). Changes to
/// the configuration apply to the next request, without a restart.
/// </summary>
/// <remarks>
/// A request is admitted only when every window of its key and every window of its organisation
/// admit it; a refused request consumes nothing. Responses carry the <c>RateLimit-Policy</c> and
/// <c>RateLimit</c> fields of draft-ietf-httpapi-ratelimit-headers-11; refusals are 429 with
/// <c>Retry-After</c> (RFC 9110, section 10.2.3) and an RFC 9457 problem body. Windows are fixed
/// and aligned to the Unix epoch (UTC), so every instance and Redis agree on their boundaries.
/// </remarks>
public sealed class RateLimitOptions
{
    /// <summary>The tier used when none is configured under <see cref="DefaultTier"/>.</summary>
    /// <remarks>burst: 50 per 10 s, minute: 600 per 60 s, day: 100,000 per 86,400 s.</remarks>
    public static readonly IReadOnlyDictionary<string, (long Limit, TimeSpan Window)> BuiltInTierWindows =
        new Dictionary<string, (long, TimeSpan)>
        {
            ["burst"] = (50, TimeSpan.FromSeconds(10)),
            ["minute"] = (600, TimeSpan.FromMinutes(1)),
            ["day"] = (100_000, TimeSpan.FromDays(1)),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The organisation limits used when <see cref="OrganizationDefaults"/> is not configured.</summary>
    /// <remarks>minute: 3,000 per 60 s, day: 1,000,000 per 86,400 s, shared by all keys of an organisation.</remarks>
    public static readonly IReadOnlyDictionary<string, (long Limit, TimeSpan Window)> BuiltInOrganizationWindows =
        new Dictionary<string, (long, TimeSpan)>
        {
            ["minute"] = (3_000, TimeSpan.FromMinutes(1)),
            ["day"] = (1_000_000, TimeSpan.FromDays(1)),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The limit on failed keys per client address when <see cref="FailedKeysPerAddress"/> is not configured.</summary>
    /// <remarks>minute: 60 failed keys per 60 s from one address (one IPv6 /64).</remarks>
    public static readonly IReadOnlyDictionary<string, (long Limit, TimeSpan Window)> BuiltInFailedKeyWindows =
        new Dictionary<string, (long, TimeSpan)>
        {
            ["minute"] = (60, TimeSpan.FromMinutes(1)),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether limits are enforced (<c>Rampart:RateLimits:Enabled</c>). On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The tier of keys that carry none, or whose tier is not configured. Default <c>default</c>.</summary>
    public string DefaultTier { get; set; } = "default";

    /// <summary>
    /// Tiers by name (<c>Rampart:RateLimits:Tiers:&lt;tier&gt;</c>). When the default tier is not
    /// configured, <see cref="BuiltInTierWindows"/> apply.
    /// </summary>
    public IDictionary<string, RateLimitTierOptions> Tiers { get; } = new Dictionary<string, RateLimitTierOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Per-key overrides by key id (<c>Rampart:RateLimits:Keys:&lt;keyId&gt;</c>): a window named here
    /// replaces the tier's window of that name or adds one; a quota here replaces the tier's quota.
    /// </summary>
    public IDictionary<string, RateLimitTierOptions> Keys { get; } = new Dictionary<string, RateLimitTierOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Limits every organisation shares among its keys (<c>Rampart:RateLimits:OrganizationDefaults</c>).
    /// When it names no window and no quota, <see cref="BuiltInOrganizationWindows"/> apply.
    /// </summary>
    public RateLimitTierOptions OrganizationDefaults { get; } = new();

    /// <summary>
    /// Limits of named organisations, replacing <see cref="OrganizationDefaults"/> for them
    /// (<c>Rampart:RateLimits:Organizations:&lt;org&gt;</c>).
    /// </summary>
    public IDictionary<string, RateLimitTierOptions> Organizations { get; } = new Dictionary<string, RateLimitTierOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Failed keys (malformed, unknown, revoked, expired, ...) allowed per client address
    /// (<c>Rampart:RateLimits:FailedKeysPerAddress</c>), an IPv6 address counting by its /64. Once an
    /// address is over, every request from it that carries a key is answered 429 before the key is
    /// parsed or looked up, until the window ends, so made-up keys cannot make one store query each.
    /// When no window is named, <see cref="BuiltInFailedKeyWindows"/> apply. Counted per instance.
    /// </summary>
    public RateLimitTierOptions FailedKeysPerAddress { get; } = new();

    /// <summary>
    /// Limits for requests authenticated by another scheme (JWT bearer, cookies, Identity), one
    /// counter per principal (<c>Rampart:RateLimits:Principals</c>). Off until a window is named.
    /// Same windows, headers, 429 body and backend (memory or Redis) as keys.
    /// </summary>
    public RateLimitPrincipalOptions Principals { get; } = new();

    /// <summary>
    /// Limits for requests that carry no accepted credential, one counter per client address (an
    /// IPv6 address by its /64) (<c>Rampart:RateLimits:Anonymous</c>). Off until a window is named.
    /// </summary>
    public RateLimitTierOptions Anonymous { get; } = new();

    /// <summary>How often idle in-memory counters are dropped. Default one minute.</summary>
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The windows and the quota of a tier, a key or an organisation.</summary>
public sealed class RateLimitTierOptions
{
    /// <summary>Windows by name, e.g. <c>burst</c>, <c>minute</c>, <c>day</c>. Names appear in the response headers.</summary>
    public IDictionary<string, RateLimitWindowOptions> Windows { get; } = new Dictionary<string, RateLimitWindowOptions>(StringComparer.Ordinal);

    /// <summary>A quota (credits) refilled daily or monthly; none when null.</summary>
    public RateLimitQuotaOptions? Quota { get; set; }
}

/// <summary>Limits per principal of another authentication scheme.</summary>
public sealed class RateLimitPrincipalOptions
{
    /// <summary>Windows by name; none (the default) leaves other schemes' requests unlimited.</summary>
    public IDictionary<string, RateLimitWindowOptions> Windows { get; } = new Dictionary<string, RateLimitWindowOptions>(StringComparer.Ordinal);

    /// <summary>A quota per principal; none when null.</summary>
    public RateLimitQuotaOptions? Quota { get; set; }

    /// <summary>
    /// The scheme the limiter authenticates when it is not the default one (e.g. <c>Bearer</c>), so
    /// its principals are limited before authorization runs. When null, the principal the
    /// authentication middleware set (the default scheme's) is used.
    /// </summary>
    public string? Scheme { get; set; }

    /// <summary>
    /// The claim that identifies a principal. Default <c>sub</c>, then the name identifier claim
    /// (JWT bearer maps <c>sub</c> to it). The value is hashed before it is used as a counter name.
    /// </summary>
    public string ClaimType { get; set; } = "sub";
}

/// <summary>A fixed window: at most <see cref="Limit"/> request units per <see cref="Window"/>.</summary>
public sealed class RateLimitWindowOptions
{
    /// <summary>Request units admitted per window (an endpoint's cost counts as that many units).</summary>
    public long Limit { get; set; }

    /// <summary>The window length, whole seconds, at least one second.</summary>
    public TimeSpan Window { get; set; }
}

/// <summary>A quota: a count of request units that each admitted request decrements, refilled each period.</summary>
public sealed class RateLimitQuotaOptions
{
    /// <summary>Request units per period.</summary>
    public long Limit { get; set; }

    /// <summary>When the quota is refilled: at 00:00 UTC each day or on the first day of each month (UTC).</summary>
    public RateLimitQuotaPeriod Period { get; set; } = RateLimitQuotaPeriod.Monthly;
}

/// <summary>When a quota is refilled.</summary>
public enum RateLimitQuotaPeriod
{
    /// <summary>At 00:00 UTC every day.</summary>
    Daily,

    /// <summary>At 00:00 UTC on the first day of every month.</summary>
    Monthly,
}
