using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>
/// Turns <see cref="RateLimitOptions"/> into resolved policy sets, rebuilt whenever the configuration
/// changes (<see cref="IOptionsMonitor{TOptions}"/>), so limits change without a restart.
/// </summary>
internal sealed class RateLimitPolicyResolver : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile Snapshot _snapshot;

    public RateLimitPolicyResolver(IOptionsMonitor<RampartOptions> options)
    {
        _snapshot = new Snapshot(options.CurrentValue.RateLimits);
        _subscription = options.OnChange(o => _snapshot = new Snapshot(o.RateLimits));
    }

    public bool Enabled => _snapshot.Enabled;

    /// <summary>The policies of the key and of its organisation (null when the key has none).</summary>
    public (RateLimitPolicySet Key, RateLimitPolicySet? Organization) Resolve(string keyId, string? tier, string? organization)
    {
        var snapshot = _snapshot;
        return (snapshot.ForKey(keyId, tier), organization is null ? null : snapshot.ForOrganization(organization));
    }

    /// <summary>The failed-key limit per client address.</summary>
    public RateLimitPolicySet FailedKeys => _snapshot.FailedKeys;

    /// <summary>The limits per principal of another scheme; null when none is configured.</summary>
    public RateLimitPolicySet? Principals => _snapshot.Principals;

    /// <summary>The scheme and claim that identify principals.</summary>
    public (string? Scheme, string ClaimType) PrincipalIdentity => _snapshot.PrincipalIdentity;

    /// <summary>The limits per client address of anonymous requests; null when none is configured.</summary>
    public RateLimitPolicySet? Anonymous => _snapshot.Anonymous;

    public void Dispose() => _subscription?.Dispose();

    private sealed class Snapshot
    {
        private readonly RateLimitOptions _options;
        private readonly FrozenDictionary<string, RateLimitPolicySet> _tiers;
        private readonly RateLimitPolicySet _defaultTier;
        private readonly FrozenDictionary<string, RateLimitPolicySet> _organizations;
        private readonly RateLimitPolicySet _defaultOrganization;
        private readonly ConcurrentDictionary<(string KeyId, string Tier), RateLimitPolicySet> _keyOverrides = new();

        public Snapshot(RateLimitOptions options)
        {
            _options = options;
            Enabled = options.Enabled;
            _tiers = options.Tiers.ToFrozenDictionary(t => t.Key, t => Build(RateLimitScope.Key, Windows(t.Value), t.Value.Quota), StringComparer.Ordinal);
            _defaultTier = _tiers.GetValueOrDefault(options.DefaultTier)
                ?? Build(RateLimitScope.Key, RateLimitOptions.BuiltInTierWindows, null);
            _organizations = options.Organizations.ToFrozenDictionary(o => o.Key, o => Build(RateLimitScope.Organization, Windows(o.Value), o.Value.Quota), StringComparer.Ordinal);
            var defaults = options.OrganizationDefaults;
            _defaultOrganization = defaults.Windows.Count == 0 && defaults.Quota is null
                ? Build(RateLimitScope.Organization, RateLimitOptions.BuiltInOrganizationWindows, null)
                : Build(RateLimitScope.Organization, Windows(defaults), defaults.Quota);
            var failed = options.FailedKeysPerAddress;
            FailedKeys = failed.Windows.Count == 0 && failed.Quota is null
                ? Build(RateLimitScope.Address, RateLimitOptions.BuiltInFailedKeyWindows, null, "failed.")
                : Build(RateLimitScope.Address, Windows(failed), failed.Quota, "failed.");
            var principals = options.Principals;
            Principals = principals.Windows.Count == 0 && principals.Quota is null
                ? null
                : Build(RateLimitScope.Principal, Windows(principals.Windows), principals.Quota, "user.");
            PrincipalIdentity = (principals.Scheme, principals.ClaimType);
            Anonymous = options.Anonymous.Windows.Count == 0 && options.Anonymous.Quota is null
                ? null
                : Build(RateLimitScope.Address, Windows(options.Anonymous), options.Anonymous.Quota, "anon.");
        }

        public bool Enabled { get; }

        public RateLimitPolicySet FailedKeys { get; }

        public RateLimitPolicySet? Principals { get; }

        public (string? Scheme, string ClaimType) PrincipalIdentity { get; }

        public RateLimitPolicySet? Anonymous { get; }

        public RateLimitPolicySet ForKey(string keyId, string? tier)
        {
            var tierSet = tier is not null && _tiers.TryGetValue(tier, out var found) ? found : _defaultTier;
            if (_options.Keys.Count == 0 || !_options.Keys.ContainsKey(keyId))
            {
                return tierSet;
            }

            // Overrides are few (they are configured by hand); cache the merge per key and tier.
            return _keyOverrides.GetOrAdd((keyId, tier ?? string.Empty), static (k, state) => state.Self.MergeOverride(k.KeyId, state.TierName), (Self: this, TierName: tier));
        }

        public RateLimitPolicySet ForOrganization(string organization)
            => _organizations.TryGetValue(organization, out var set) ? set : _defaultOrganization;

        private RateLimitPolicySet MergeOverride(string keyId, string? tier)
        {
            var tierOptions = tier is not null && _options.Tiers.TryGetValue(tier, out var t) ? t
                : _options.Tiers.TryGetValue(_options.DefaultTier, out var d) ? d : null;
            var windows = tierOptions is null
                ? new Dictionary<string, (long, TimeSpan)>(RateLimitOptions.BuiltInTierWindows)
                : Windows(tierOptions);
            var overrides = _options.Keys[keyId];
            foreach (var (name, window) in overrides.Windows)
            {
                windows[name] = (window.Limit, window.Window);
            }

            return Build(RateLimitScope.Key, windows, overrides.Quota ?? tierOptions?.Quota);
        }

        private static Dictionary<string, (long Limit, TimeSpan Window)> Windows(RateLimitTierOptions options) => Windows(options.Windows);

        private static Dictionary<string, (long Limit, TimeSpan Window)> Windows(IDictionary<string, RateLimitWindowOptions> windows)
            => windows.ToDictionary(w => w.Key, w => (w.Value.Limit, w.Value.Window), StringComparer.Ordinal);

        private static RateLimitPolicySet Build(RateLimitScope scope, IEnumerable<KeyValuePair<string, (long Limit, TimeSpan Window)>> windows, RateLimitQuotaOptions? quota)
            => Build(scope, windows, quota, scope == RateLimitScope.Organization ? "org." : string.Empty);

        private static RateLimitPolicySet Build(RateLimitScope scope, IEnumerable<KeyValuePair<string, (long Limit, TimeSpan Window)>> windows, RateLimitQuotaOptions? quota, string prefix)
        {
            var policies = windows
                .OrderBy(w => w.Value.Window)
                .ThenBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => new RateLimitPolicy(prefix + w.Key, scope, isQuota: false, w.Value.Limit, (long)w.Value.Window.TotalSeconds))
                .ToList();
            if (quota is not null)
            {
                policies.Add(new RateLimitPolicy(prefix + "quota", scope, isQuota: true, quota.Limit,
                    quota.Period == RateLimitQuotaPeriod.Daily ? 86_400 : RateLimitPolicy.MonthPeriod));
            }

            return new RateLimitPolicySet([.. policies]);
        }
    }
}
