using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Secrets;

namespace Rampart.AspNetCore.Transport;

/// <summary>
/// At start, logs a one-screen summary of what is on and off. Outside Development, a dangerous
/// setting stops the app with a message naming it; in Development it is a warning. Runs in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service (the web server
/// included) starts, so a refused app never listens.
/// </summary>
internal sealed class SecurityPostureCheck : IHostedLifecycleService
{
    private static readonly TimeSpan OneYear = TimeSpan.FromSeconds(31_536_000);

    private readonly RampartOptions _options;
    private readonly IHostEnvironment _environment;
    private readonly IConfiguration? _configuration;
    private readonly IEnumerable<ISecurityPostureContributor> _contributors;
    private readonly bool _tlsConfigured;
    private readonly ILogger _logger;

    public SecurityPostureCheck(
        IOptions<RampartOptions> options,
        IHostEnvironment environment,
        IServiceProvider services,
        IEnumerable<ISecurityPostureContributor> contributors,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _environment = environment;
        _configuration = services.GetService<IConfiguration>();
        _contributors = contributors;
        _tlsConfigured = services.GetService<RampartTlsMarker>() is not null;
        _logger = loggerFactory.CreateLogger(TransportLog.PostureCategory);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var report = Evaluate();
        TransportLog.Posture(_logger, _environment.EnvironmentName, report.Format());
        foreach (var warning in report.Warnings)
        {
            TransportLog.PostureAdvice(_logger, warning);
        }

        if (report.Dangers.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (_environment.IsDevelopment())
        {
            foreach (var danger in report.Dangers)
            {
                TransportLog.PostureWarning(_logger, danger);
            }

            return Task.CompletedTask;
        }

        var findings = string.Join(" ", report.Dangers);
        TransportLog.PostureRefused(_logger, _environment.EnvironmentName, findings);
        throw new InvalidOperationException(
            $"Rampart refuses to start in the '{_environment.EnvironmentName}' environment because of dangerous settings (allowed in Development only): {findings}");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal SecurityPostureReport Evaluate()
    {
        var report = new SecurityPostureReport();
        var transport = _options.Transport;
        const string t = TransportOptionsValidator.Section;

        report.Add("Environment", _environment.EnvironmentName);
        if (transport.AllowHttp)
        {
            report.Add("API over plain HTTP", "SERVED (Rampart:Transport:AllowHttp)");
            report.AddDanger($"{t}:AllowHttp", "is true: API routes are served over plain HTTP, so keys travel in clear.");
        }
        else
        {
            report.Add("API over plain HTTP", $"refused with 403 https-required (API paths: {(transport.ApiPaths.Count == 0 ? "/" : string.Join(", ", transport.ApiPaths))})");
        }

        report.Add("Other routes over HTTP", transport.ApiPaths.Count == 0 || transport.ApiPaths.Any(p => p.Trim().TrimEnd('/').Length == 0)
            ? "none: every route is an API route"
            : transport.RedirectNonApiRoutes
            ? $"redirected to HTTPS (port {transport.HttpsPort ?? 443})"
            : "refused");
        report.Add("Keys seen over HTTP", transport.RevokeKeysSentOverHttp ? "revoked" : "logged only, NOT revoked");
        report.Add("Trusted proxies", transport.TrustedProxies.Count + transport.TrustedNetworks.Count == 0
            ? "none (forwarded headers ignored)"
            : string.Join(", ", transport.TrustedProxies.Concat(transport.TrustedNetworks)));

        var hsts = HttpsTransportMiddleware.FormatHsts(transport.Hsts);
        report.Add("HSTS", hsts is null ? "OFF" : hsts + (transport.Hsts.ExcludedHosts.Count == 0 ? string.Empty : $" (not on {string.Join(", ", transport.Hsts.ExcludedHosts)})"));
        if (!transport.Hsts.Enabled)
        {
            report.AddDanger($"{t}:Hsts:Enabled", "is false: browsers are not told to use HTTPS only.");
        }
        else if (transport.Hsts.MaxAge < OneYear)
        {
            report.AddDanger($"{t}:Hsts:MaxAge", $"is {(long)transport.Hsts.MaxAge.TotalSeconds} seconds; at least one year (31536000) is required.");
        }

        report.Add("Response headers", string.Join(", ", new[]
        {
            transport.NoSniff ? "nosniff" : "nosniff OFF",
            transport.NoStoreOnAuthenticatedResponses ? "no-store when authenticated" : "no-store OFF",
            transport.RemoveServerHeader ? "no Server header" : "Server header kept",
        }));
        report.Add("TLS", _tlsConfigured ? "Kestrel: TLS 1.2 minimum, 1.3 preferred (UseRampartTls)" : "not set by Rampart (call builder.WebHost.UseRampartTls() on Kestrel)");

        var authentication = _options.Authentication;
        if (authentication.AllowQueryString)
        {
            report.Add("Keys in the query string", "ACCEPTED");
            report.AddDanger($"{RampartOptions.SectionName}:Authentication:AllowQueryString", "is true: keys in URLs end up in logs, proxies and browser history.");
        }
        else
        {
            report.Add("Keys in the query string", "refused");
        }

        report.Add("Key credential", authentication.HeaderName is null ? "Authorization: Bearer" : authentication.HeaderName);
        report.Add("Pepper versions", _options.Keys.Peppers.Count == 0
            ? "none"
            : string.Join(", ", _options.Keys.Peppers.Keys.Order().Select(v => v.ToString(CultureInfo.InvariantCulture))));
        report.Add("Secret protection", SecretKeyRing.IsConfigured(_options.Secrets)
            ? $"AES-256-GCM, master-key versions {string.Join(", ", MasterKeyVersions())}" + KeyRingFileNote(_options.Secrets.KeyRingPath)
            : "not configured");

        CheckCommittedSecrets(report);
        CheckHostForwardedHeaders(report);
        foreach (var contributor in _contributors)
        {
            contributor.Contribute(report);
        }

        return report;
    }

    /// <summary>Notes the key ring file, and whether users other than its owner can read it (Unix).</summary>
    private static string KeyRingFileNote(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return string.Empty;
        }

        if (!OperatingSystem.IsWindows() && File.Exists(path)
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            return " (key ring file READABLE BY OTHER USERS: chmod 400 it)";
        }

        return " (key ring file)";
    }

    private IEnumerable<string> MasterKeyVersions()
    {
        var failures = new List<string>();
        var ring = SecretKeyRing.TryLoad(_options.Secrets, failures);
        return ring is null
            ? ["invalid"]
            : ring.Versions.Order().Select(v => v == ring.CurrentVersion ? $"{v} (current)" : v.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A pepper or master key held by an <c>appsettings*.json</c> file, which lives in source
    /// control. User-secrets (<c>secrets.json</c>), environment variables and secret managers are
    /// other providers and are not flagged.
    /// </summary>
    private void CheckCommittedSecrets(SecurityPostureReport report)
    {
        if (_configuration is not IConfigurationRoot root)
        {
            return;
        }

        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            var fileName = Path.GetFileName(provider.Source.Path ?? string.Empty);
            if (!fileName.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var section in (string[])[$"{RampartOptions.SectionName}:Keys:Peppers", $"{RampartOptions.SectionName}:Secrets:MasterKeys"])
            {
                if (HoldsValue(provider, section))
                {
                    report.AddDanger(section, $"is set in {fileName}, a committed file. Move it to user-secrets, an environment variable or a secret manager, and replace it: it must be considered exposed.");
                }
            }
        }
    }

    private static bool HoldsValue(IConfigurationProvider provider, string section)
    {
        foreach (var child in provider.GetChildKeys([], section).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (provider.TryGet($"{section}:{child}", out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> makes the host believe forwarded headers from any
    /// peer, so any client could claim HTTPS; Rampart's trusted-proxy list is the safe way.
    /// </summary>
    private void CheckHostForwardedHeaders(SecurityPostureReport report)
    {
        if (string.Equals(_configuration?["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            report.AddDanger("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "is true: forwarded headers are believed from any peer. Unset it and list the proxies in Rampart:Transport:TrustedProxies.");
        }
    }
}
