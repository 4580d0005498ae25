using System.Globalization;
using System.Text.RegularExpressions;

namespace Rampart.Analyzers.RealCode.Packages;

/// <summary>
/// Target framework monikers: which of a project's frameworks stands for it (the compilation uses
/// net10.0 reference assemblies, so the nearest to that), and the properties the SDK derives from one.
/// </summary>
internal static partial class TargetFrameworks
{
    [GeneratedRegex(@"^(?<name>net|netcoreapp|netstandard)(?<version>\d+(\.\d+)*)(-[a-z]+[\d.]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Moniker();

    /// <summary>The framework the project is read for: the newest .NET (5+), else .NET Core, else .NET Standard, else .NET Framework.</summary>
    public static string? Choose(string targetFramework, string targetFrameworks)
    {
        var candidates = (targetFrameworks.Length > 0 ? targetFrameworks : targetFramework)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return candidates
            .Select(c => (Moniker: c, Rank: Rank(c)))
            .Where(c => c.Rank.Family >= 0)
            .OrderByDescending(c => c.Rank.Family)
            .ThenByDescending(c => c.Rank.Version)
            .Select(c => c.Moniker)
            .FirstOrDefault() ?? candidates.FirstOrDefault();
    }

    private static (int Family, Version Version) Rank(string moniker)
    {
        var (identifier, version) = Parse(moniker);
        return identifier switch
        {
            ".NETCoreApp" when version.Major <= 10 => (3, version),
            ".NETCoreApp" => (2, version),
            ".NETStandard" => (1, version),
            ".NETFramework" => (0, version),
            _ => (-1, version),
        };
    }

    /// <summary>The identifier and version of a moniker (net48 is .NETFramework 4.8, net8.0 is .NETCoreApp 8.0).</summary>
    public static (string Identifier, Version Version) Parse(string moniker)
    {
        var match = Moniker().Match(moniker.Trim());
        if (!match.Success)
        {
            return ("", new Version(0, 0));
        }

        var name = match.Groups["name"].Value.ToLowerInvariant();
        var digits = match.Groups["version"].Value;
        Version version;
        if (!digits.Contains('.', StringComparison.Ordinal))
        {
            // net48 is 4.8, net472 is 4.7.2, net5 is 5.0.
            version = digits.Length == 1
                ? new Version(int.Parse(digits, CultureInfo.InvariantCulture), 0)
                : Version.Parse(string.Join('.', digits.Select(d => d.ToString())) + (digits.Length == 1 ? ".0" : ""));
        }
        else
        {
            version = Version.Parse(digits);
        }

        var identifier = name switch
        {
            "netstandard" => ".NETStandard",
            "netcoreapp" => ".NETCoreApp",
            _ when version.Major >= 5 => ".NETCoreApp",
            _ => ".NETFramework",
        };
        return (identifier, version);
    }

    /// <summary>The properties the SDK sets from TargetFramework, which project conditions test.</summary>
    public static Dictionary<string, string> Properties(string moniker)
    {
        var (identifier, version) = Parse(moniker);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (identifier.Length == 0)
        {
            return result;
        }

        result["TargetFrameworkIdentifier"] = identifier;
        result["TargetFrameworkVersion"] = "v" + (version.Build >= 0 ? version.ToString(3) : version.ToString(2));
        result["TargetFrameworkMoniker"] = $"{identifier},Version=v{version.ToString(2)}";
        return result;
    }

    /// <summary>Whether a project targeting <paramref name="target"/> can use what targets <paramref name="candidate"/>, for the common cases.</summary>
    public static bool IsCompatible(string target, string candidate)
    {
        var (targetId, targetVersion) = Parse(target);
        var (candidateId, candidateVersion) = Parse(candidate);
        if (targetId.Length == 0 || candidateId.Length == 0)
        {
            return false;
        }

        if (targetId == candidateId)
        {
            return targetVersion >= candidateVersion;
        }

        return candidateId == ".NETStandard" && targetId switch
        {
            ".NETCoreApp" => candidateVersion <= new Version(2, 1) && (targetVersion >= new Version(3, 0) || candidateVersion <= new Version(2, 0)),
            ".NETFramework" => candidateVersion <= new Version(2, 0) && targetVersion >= new Version(4, 6, 1),
            _ => false,
        };
    }
}
