using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Values that are paths rather than secrets, beyond the rooted file paths <see cref="SecretText"/>
/// already leaves (<c>/etc/…</c>, <c>C:\…</c>): a Windows registry key (<c>SOFTWARE\Vendor\Credentials</c>,
/// <c>HKEY_CURRENT_USER\…</c>), a UNC share, a path under an environment variable (<c>%APPDATA%\…</c>)
/// or relative to the current folder (<c>..\keys\signing.pfx</c>). A constant named <c>Credential</c>
/// that holds one is where credentials are kept, not a credential.
/// </summary>
internal static class PathShapes
{
    /// <summary>The first segment of a registry key path: a hive, or the two keys applications write under.</summary>
    private static readonly string[] RegistryRoots =
    {
        "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT", "HKEY_USERS", "HKEY_CURRENT_CONFIG",
        "HKLM", "HKCU", "HKCR", "HKU", "HKCC", "SOFTWARE", "SYSTEM",
    };

    public static bool IsPath(string value)
    {
        if (value.IndexOf('\\') < 0 && !value.StartsWith("../", StringComparison.Ordinal))
        {
            return false;
        }

        if (value.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return AreNames(value.Substring(2), '\\', minimum: 2); // \\server\share\…
        }

        if (value.StartsWith(@".\", StringComparison.Ordinal) || value.StartsWith(@"..\", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal))
        {
            var separator = value[value.IndexOf('.') + (value[1] == '.' ? 2 : 1)];
            return AreNames(value.TrimStart('.', separator), separator, minimum: 1, allowDots: true);
        }

        if (value.Length > 2 && value[0] == '%' && value.IndexOf('%', 1) is var close && close > 1 && close + 1 < value.Length && value[close + 1] == '\\')
        {
            return IsName(value.Substring(1, close - 1)) && AreNames(value.Substring(close + 2), '\\', minimum: 1);
        }

        var first = value.IndexOf('\\');
        var root = value.Substring(0, first);
        foreach (var registryRoot in RegistryRoots)
        {
            if (string.Equals(root, registryRoot, StringComparison.OrdinalIgnoreCase))
            {
                return AreNames(value.Substring(first + 1), '\\', minimum: 1);
            }
        }

        return false;
    }

    /// <summary>Segments that are all names (letters, digits, spaces, '.', '_', '-', a GUID's braces), at least <paramref name="minimum"/> of them.</summary>
    private static bool AreNames(string path, char separator, int minimum, bool allowDots = false)
    {
        var segments = path.TrimEnd(separator).Split(separator);
        if (segments.Length < minimum)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (!(IsName(segment) || allowDots && segment is "." or ".."))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsName(string segment)
    {
        if (segment.Length == 0 || segment.Length > 64)
        {
            return false;
        }

        var letters = 0;
        foreach (var c in segment)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }
            else if (!(char.IsDigit(c) || c is ' ' or '.' or '_' or '-' or '{' or '}'))
            {
                return false;
            }
        }

        return letters > 0;
    }
}
