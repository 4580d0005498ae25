using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.DependencyInjection;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Transport;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Says at start-up how Rampart sits beside the app's own authentication: the default scheme, the
/// fallback policy, who reads bearer tokens, and whether every key is limited (never a silent off).
/// </summary>
internal sealed class AuthenticationPosture : ISecurityPostureContributor
{
    private const string RequireKeyEverywhere =
        "builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder(RampartDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())";

    private readonly AuthenticationComposition _composition;
    private readonly RampartOptions _options;
    private readonly AuthorizationOptions _authorization;
    private readonly RampartPipelineMarker _pipeline;

    public AuthenticationPosture(
        AuthenticationComposition composition,
        IOptions<RampartOptions> options,
        IOptions<AuthorizationOptions> authorization,
        RampartPipelineMarker pipeline)
    {
        _composition = composition;
        _options = options.Value;
        _authorization = authorization.Value;
        _pipeline = pipeline;
    }

    public void Contribute(SecurityPostureReport report)
    {
        var authentication = _options.Authentication;
        const string a = $"{RampartOptions.SectionName}:Authentication";
        if (_composition.RampartIsAlone)
        {
            report.Add("Default scheme", "Rampart (the app has no other authentication)");
            report.Add("Fallback policy", authentication.RequireKeyByDefault
                ? _authorization.FallbackPolicy is null ? "none" : "endpoints without authorization metadata require a key"
                : "none (RequireKeyByDefault is false): endpoints without metadata are public");
        }
        else
        {
            var others = string.Join(", ", _composition.OtherSchemes);
            report.Add("Default scheme", _composition.DefaultScheme is { } scheme
                ? $"{scheme} (the app's; Rampart sits beside {others} and left the default alone)"
                : $"none (the app has {others} and names no default; Rampart left it so)");
            report.Add("Fallback policy", _authorization.FallbackPolicy is null
                ? "none (the app's): endpoints without authorization metadata need no key"
                : "the app's");
            if (authentication.RequireKeyByDefault && _authorization.FallbackPolicy is null)
            {
                report.AddWarning($"{a}:RequireKeyByDefault",
                    $"is true, but the app has other authentication ({others}), so Rampart did not set the fallback policy: endpoints without authorization metadata do not require a key. " +
                    $"Require keys per endpoint with RequireScopes, or everywhere with {RequireKeyEverywhere} (name your own schemes beside Rampart's to accept either); set RequireKeyByDefault to false to silence this.");
            }

            report.Add("Bearer tokens", _composition.SharesBearerHeader
                ? $"shared: tokens in the key grammar are Rampart's, others are left to {(_composition.OtherBearerSchemes.Count == 0 ? "the app's schemes" : string.Join(", ", _composition.OtherBearerSchemes))}"
                : authentication.HeaderName is null ? "Rampart's (no other scheme reads them)" : $"not Rampart's (keys come in {authentication.HeaderName})");
        }

        ContributeLimits(report);
    }

    private void ContributeLimits(SecurityPostureReport report)
    {
        var limits = _options.RateLimits;
        const string r = RateLimitOptionsValidator.Section;
        if (!limits.Enabled)
        {
            report.Add("Rate limits", "OFF");
            report.AddWarning($"{r}:Enabled", "is false: API keys are not rate limited and quotas are not enforced. Set it to true.");
            return;
        }

        if (!_pipeline.UseRampartCalled)
        {
            report.Add("Rate limits", "NOT IN THE PIPELINE");
            report.AddWarning("app.UseRampart()", "was not called: keys are neither authenticated nor limited by Rampart's middleware. Call app.UseRampart() after routing and before the endpoints.");
            return;
        }

        report.Add("Rate limits", "every request carrying a valid key, whichever scheme authenticates it (per key and organisation)");
        var failed = limits.FailedKeysPerAddress.Windows.Count == 0
            ? string.Join(", ", RateLimitOptions.BuiltInFailedKeyWindows.Select(w => $"{w.Value.Limit} per {(long)w.Value.Window.TotalSeconds} s"))
            : string.Join(", ", limits.FailedKeysPerAddress.Windows.Select(w => $"{w.Value.Limit} per {(long)w.Value.Window.TotalSeconds} s"));
        report.Add("Failed keys", $"{failed} per client network, refused before lookup");
        report.Add("Other principals", limits.Principals.Windows.Count == 0 && limits.Principals.Quota is null
            ? "not limited (Rampart:RateLimits:Principals)"
            : $"limited per {limits.Principals.ClaimType}{(limits.Principals.Scheme is { } s ? $" of {s}" : string.Empty)}");
        report.Add("Anonymous requests", limits.Anonymous.Windows.Count == 0 && limits.Anonymous.Quota is null
            ? "not limited (Rampart:RateLimits:Anonymous)"
            : "limited per client network");
    }
}
