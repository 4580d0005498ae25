using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.RateLimiting;

/// <summary>Checks <c>Rampart:RateLimits</c> at start and on every reload, naming the setting at fault.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RampartOptions>
{
    public const string Section = $"{RampartOptions.SectionName}:RateLimits";

    public ValidateOptionsResult Validate(string? name, RampartOptions options)
    {
        var failures = new List<string>();
        var limits = options.RateLimits;

        if (string.IsNullOrWhiteSpace(limits.DefaultTier))
        {
            failures.Add($"{Section}:DefaultTier cannot be empty.");
        }

        if (limits.EvictionInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:EvictionInterval must be positive.");
        }

        foreach (var (tier, value) in limits.Tiers)
        {
            Check($"{Section}:Tiers:{tier}", value, failures);
        }

        foreach (var (keyId, value) in limits.Keys)
        {
            Check($"{Section}:Keys:{keyId}", value, failures);
        }

        foreach (var (organization, value) in limits.Organizations)
        {
            Check($"{Section}:Organizations:{organization}", value, failures);
        }

        Check($"{Section}:OrganizationDefaults", limits.OrganizationDefaults, failures);
        Check($"{Section}:FailedKeysPerAddress", limits.FailedKeysPerAddress, failures);
        Check($"{Section}:Anonymous", limits.Anonymous, failures);
        Check($"{Section}:Principals", limits.Principals.Windows, limits.Principals.Quota, failures);
        if (string.IsNullOrWhiteSpace(limits.Principals.ClaimType))
        {
            failures.Add($"{Section}:Principals:ClaimType cannot be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string path, RateLimitTierOptions tier, List<string> failures)
        => Check(path, tier.Windows, tier.Quota, failures);

    private static void Check(string path, IDictionary<string, RateLimitWindowOptions> windows, RateLimitQuotaOptions? quota, List<string> failures)
    {
        foreach (var (name, window) in windows)
        {
            if (!IsValidName(name))
            {
                failures.Add($"{path}:Windows:{Printable(name)}: window names are 1 to 32 letters, digits, '-' or '_', and 'quota' is reserved.");
            }

            if (window.Limit < 1)
            {
                failures.Add($"{path}:Windows:{Printable(name)}:Limit must be at least 1.");
            }

            if (window.Window < TimeSpan.FromSeconds(1) || window.Window > TimeSpan.FromDays(366) || window.Window.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                failures.Add($"{path}:Windows:{Printable(name)}:Window must be a whole number of seconds between 1 second and 366 days.");
            }
        }

        if (quota is not null && quota.Limit < 1)
        {
            failures.Add($"{path}:Quota:Limit must be at least 1.");
        }

        if (quota is { } q && !Enum.IsDefined(q.Period))
        {
            failures.Add($"{path}:Quota:Period must be Daily or Monthly.");
        }
    }

    internal static bool IsValidName(string name)
        => name.Length is >= 1 and <= 32
            && name != "quota"
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Printable(string value)
        => new(value.Take(32).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
