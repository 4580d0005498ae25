using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Keys;

/// <summary>How keys are issued, hashed, cached and rotated.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>
    /// The prefix of every key this app issues: 2–12 lower-case letters or digits, starting with a
    /// letter. A distinctive prefix lets secret scanners recognise leaked keys.
    /// </summary>
    public string Prefix { get; set; } = "rmp";

    /// <summary>The environment this app serves. Keys of the other environment are refused without a store lookup.</summary>
    public ApiKeyEnvironment Environment { get; set; } = ApiKeyEnvironment.Live;

    /// <summary>
    /// Pepper versions: version number to base64 of at least 32 random bytes. Keep them out of
    /// committed files (user-secrets, environment variables, a secret manager), e.g.
    /// <c>Rampart__Keys__Peppers__1=&lt;base64&gt;</c>. Old versions stay so keys hashed under them keep verifying.
    /// </summary>
    public IDictionary<int, string> Peppers { get; } = new Dictionary<int, string>();

    /// <summary>The pepper version new keys are hashed under; the highest configured version when unset.</summary>
    public int? CurrentPepperVersion { get; set; }

    /// <summary>How long a rotated key keeps working when no grace period is given. Default: 24 hours.</summary>
    public TimeSpan DefaultRotationGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest grace period a rotation may ask for. Default: 30 days.</summary>
    public TimeSpan MaxRotationGracePeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a verified key record is served from this instance's cache. Default: 30 seconds.</summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most key records this instance caches. Default: 100,000.</summary>
    public int CacheSize { get; set; } = 100_000;

    /// <summary>How long an unknown key id is remembered as unknown. Default: 5 seconds.</summary>
    public TimeSpan NegativeCacheTimeToLive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most unknown key ids remembered. Default: 10,000.</summary>
    public int NegativeCacheSize { get; set; } = 10_000;

    /// <summary>How often "last used" times are written to the store, in one batch. Default: 30 seconds.</summary>
    public TimeSpan LastUsedFlushInterval { get; set; } = TimeSpan.FromSeconds(30);
}
