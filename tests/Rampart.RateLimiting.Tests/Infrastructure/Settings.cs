namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>Builds <c>Rampart:RateLimits</c> configuration the way an appsettings file would.</summary>
internal static class Settings
{
    public const string Root = "Rampart:RateLimits";

    public static Dictionary<string, string?> New() => new(StringComparer.OrdinalIgnoreCase);

    public static Dictionary<string, string?> Window(this Dictionary<string, string?> settings, string path, string name, long limit, int seconds)
    {
        settings[$"{Root}:{path}:Windows:{name}:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{Root}:{path}:Windows:{name}:Window"] = TimeSpan.FromSeconds(seconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    public static Dictionary<string, string?> Quota(this Dictionary<string, string?> settings, string path, long limit, string period)
    {
        settings[$"{Root}:{path}:Quota:Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{Root}:{path}:Quota:Period"] = period;
        return settings;
    }

    /// <summary>A default tier and organisation limits wide enough not to interfere unless a test narrows them.</summary>
    public static Dictionary<string, string?> Defaults(long burst = 5, int burstSeconds = 10, long minute = 20)
        => New()
            .Window("Tiers:default", "burst", burst, burstSeconds)
            .Window("Tiers:default", "minute", minute, 60)
            .Window("OrganizationDefaults", "minute", 1000, 60);
}
