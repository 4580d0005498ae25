using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// IBANs (ISO 13616): a known country code, that country's length, and the mod-97 check
/// (ISO 7064) equal to 1. Written compact or in groups of four separated by spaces.
/// </summary>
internal sealed class IbanDetector : PiiDetector
{
    private static readonly Regex Candidate = new(@"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,32}", Linear);

    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22,
        ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LI"] = 21,
        ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MR"] = 27,
        ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25,
        ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public override PiiKind Kind => PiiKind.Iban;

    public override int MinDigits => 4;

    public override bool MayContain(ReadOnlySpan<char> text) => text.Length >= 15 && text.IndexOfAnyInRange('A', 'Z') >= 0;

    // A text's UTF-8 is never shorter than the text.
    public override bool MayContain(ReadOnlySpan<byte> utf8) => utf8.Length >= 15 && utf8.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0;

    public override void Find(string text, List<PiiMatch> matches)
    {
        foreach (var match in Candidate.EnumerateMatches(text))
        {
            if (IsAsciiLetterOrDigit(text, match.Index - 1)
                || !Lengths.TryGetValue(text.Substring(match.Index, 2), out var length))
            {
                continue;
            }

            // The pattern may run on into a following word: cut at the country's length.
            var taken = 0;
            var end = match.Index;
            var limit = match.Index + match.Length;
            while (end < limit && taken < length)
            {
                if (text[end] != ' ')
                {
                    taken++;
                }

                end++;
            }

            if (taken == length && !IsAsciiLetterOrDigit(text, end) && IsValid(text.AsSpan(match.Index, end - match.Index)))
            {
                matches.Add(new PiiMatch(match.Index, end - match.Index, Kind));
            }
        }
    }

    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in candidate)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length || !(char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            {
                return false;
            }

            compact[length++] = c;
        }

        if (length < 15 || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3])
            || !Lengths.TryGetValue(new string(compact[..2]), out var expected) || expected != length)
        {
            return false;
        }

        // Move the first four characters to the end, letters become 10–35, the number mod 97 must be 1.
        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = compact[(i + 4) % length];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder == 1;
    }
}
