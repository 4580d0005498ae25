using System.Net;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Transport;

/// <summary>Checks <c>Rampart:Transport</c> at start; messages name the configuration key.</summary>
internal sealed class TransportOptionsValidator : IValidateOptions<RampartOptions>
{
    internal const string Section = $"{RampartOptions.SectionName}:Transport";

    /// <summary>The shortest max-age the HSTS preload list accepts (hstspreload.org): one year.</summary>
    internal static readonly TimeSpan PreloadMinimumMaxAge = TimeSpan.FromSeconds(31_536_000);

    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        var failures = new List<string>();
        var transport = options.Transport;

        foreach (var path in transport.ApiPaths)
        {
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
            {
                failures.Add($"{Section}:ApiPaths: '{Printable(path)}' is not a path prefix; use values such as '/' or '/api'.");
            }
        }

        if (transport.HttpsPort is < 1 or > 65535)
        {
            failures.Add($"{Section}:HttpsPort must be between 1 and 65535.");
        }

        foreach (var proxy in transport.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"{Section}:TrustedProxies: '{Printable(proxy)}' is not an IP address.");
            }
        }

        foreach (var network in transport.TrustedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                failures.Add($"{Section}:TrustedNetworks: '{Printable(network)}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
            }
        }

        var hsts = transport.Hsts;
        if (hsts.MaxAge < TimeSpan.Zero)
        {
            failures.Add($"{Section}:Hsts:MaxAge cannot be negative.");
        }

        if (hsts.Enabled && hsts.Preload)
        {
            // hstspreload.org: max-age of at least 31536000 and includeSubDomains, or the submission is refused.
            if (hsts.MaxAge < PreloadMinimumMaxAge)
            {
                failures.Add($"{Section}:Hsts:Preload needs {Section}:Hsts:MaxAge of at least one year (31536000 seconds); it is {(long)hsts.MaxAge.TotalSeconds} seconds.");
            }

            if (!hsts.IncludeSubDomains)
            {
                failures.Add($"{Section}:Hsts:Preload needs {Section}:Hsts:IncludeSubDomains to be true.");
            }
        }
        else if (!hsts.Enabled && hsts.Preload)
        {
            failures.Add($"{Section}:Hsts:Preload is on but {Section}:Hsts:Enabled is off.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Printable(string? value)
        => value is null ? "null" : new string(value.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
