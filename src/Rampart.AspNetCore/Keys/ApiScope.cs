namespace Rampart.AspNetCore.Keys;

/// <summary>
/// Scopes are <c>resource:action</c>. Each part is 1–64 characters of lower-case letters, digits,
/// <c>.</c>, <c>_</c> or <c>-</c>; a granted scope may use <c>*</c> for a whole part
/// (<c>orders:*</c>, <c>*:read</c>, <c>*:*</c>).
/// </summary>
public static class ApiScope
{
    private const int MaxPartLength = 64;

    /// <summary>True when <paramref name="scope"/> may be granted to a key.</summary>
    public static bool IsValidGrant(string? scope) => IsValid(scope, allowWildcards: true);

    /// <summary>True when <paramref name="scope"/> may be required by an endpoint (no wildcards).</summary>
    public static bool IsValidRequirement(string? scope) => IsValid(scope, allowWildcards: false);

    /// <summary>True when the <paramref name="granted"/> scope covers the <paramref name="required"/> one.</summary>
    public static bool Covers(ReadOnlySpan<char> granted, ReadOnlySpan<char> required)
    {
        var grantedColon = granted.IndexOf(':');
        var requiredColon = required.IndexOf(':');
        if (grantedColon < 0 || requiredColon < 0)
        {
            return false;
        }

        return PartCovers(granted[..grantedColon], required[..requiredColon])
            && PartCovers(granted[(grantedColon + 1)..], required[(requiredColon + 1)..]);
    }

    private static bool PartCovers(ReadOnlySpan<char> granted, ReadOnlySpan<char> required)
        => granted is "*" || granted.SequenceEqual(required);

    private static bool IsValid(string? scope, bool allowWildcards)
    {
        if (scope is null)
        {
            return false;
        }

        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && IsValidPart(scope.AsSpan(0, colon), allowWildcards)
            && IsValidPart(scope.AsSpan(colon + 1), allowWildcards);
    }

    private static bool IsValidPart(ReadOnlySpan<char> part, bool allowWildcards)
    {
        if (part is "*")
        {
            return allowWildcards;
        }

        if (part.IsEmpty || part.Length > MaxPartLength)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
