using System.Globalization;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// What key-management input may hold. Names, owners, organisations and tiers are shown in logs, the
/// audit trail and admin screens, so characters that hide or reorder text there are refused: controls,
/// format characters (bidirectional overrides such as U+202E, isolates, zero-width characters), line
/// and paragraph separators, unpaired surrogates, private-use and unassigned code points.
/// </summary>
internal static class ApiKeyInputHygiene
{
    public static bool IsDisplaySafe(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(value, i))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                    return false;
            }

            if (char.IsHighSurrogate(value[i]))
            {
                i++; // The pair was classified as one code point.
            }
        }

        return true;
    }

    /// <summary>
    /// The scopes with repeats removed, first occurrence kept, in the order given: granting a scope
    /// twice means granting it once, so a repeat is not an error.
    /// </summary>
    public static string[] DistinctScopes(IEnumerable<string> scopes) => [.. scopes.Distinct(StringComparer.Ordinal)];
}
