using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Whether one set of granted scopes covers another, wildcards compared part by part: <c>orders:*</c>
/// covers <c>orders:read</c> and <c>orders:*</c>; <c>orders:read</c> covers neither <c>orders:*</c>
/// nor <c>*:read</c>. A set covers another when each of the other's scopes is covered by one of its
/// own, so whatever request the covered set would let through, the covering set lets through too.
/// </summary>
internal static class ScopeCoverage
{
    /// <summary>True when some scope of <paramref name="held"/> covers the granted (possibly wildcard) <paramref name="scope"/>.</summary>
    public static bool Covers(IReadOnlyList<string> held, string scope)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(scope);
        for (var i = 0; i < held.Count; i++)
        {
            // ApiScope.Covers compares parts: '*' covers any part, '*' included; a literal only itself.
            if (ApiScope.Covers(held[i], scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every scope of <paramref name="scopes"/> is covered by <paramref name="held"/>.</summary>
    public static bool CoversAll(IReadOnlyList<string> held, IReadOnlyList<string> scopes)
        => FirstUncovered(held, scopes) < 0;

    /// <summary>The index of the first scope of <paramref name="scopes"/> that <paramref name="held"/> does not cover, or -1.</summary>
    public static int FirstUncovered(IReadOnlyList<string> held, IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        for (var i = 0; i < scopes.Count; i++)
        {
            if (!Covers(held, scopes[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
