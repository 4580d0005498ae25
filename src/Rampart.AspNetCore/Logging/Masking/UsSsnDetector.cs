using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Logging.Masking;

/// <summary>
/// US social security numbers written <c>AAA-GG-SSSS</c> (or with spaces) in the ranges the SSA
/// issues: area not 000, 666 or 900–999, group not 00, serial not 0000; advertising numbers excluded.
/// Bare nine-digit runs are not matched: too many of them are something else.
/// </summary>
internal sealed class UsSsnDetector : PiiDetector
{
    private static readonly Regex Candidate = new(@"[0-9]{3}([\- ])[0-9]{2}\1[0-9]{4}", RegexOptions.CultureInvariant);

    public override PiiKind Kind => PiiKind.UsSocialSecurityNumber;

    public override int MinDigits => 9;

    public override void Find(string text, List<PiiMatch> matches)
    {
        foreach (var match in Candidate.EnumerateMatches(text))
        {
            var end = match.Index + match.Length;
            if (IsAsciiLetterOrDigit(text, match.Index - 1) || IsAsciiLetterOrDigit(text, end)
                || IsCharAt(text, match.Index - 1, '-') || IsCharAt(text, end, '-'))
            {
                continue;
            }

            if (IsValid(text.AsSpan(match.Index, match.Length)))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
        }
    }

    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        Span<byte> d = stackalloc byte[9];
        if (candidate.Length != 11 || !TryGetDigits(candidate, d, 9, out var count) || count != 9)
        {
            return false;
        }

        var area = (d[0] * 100) + (d[1] * 10) + d[2];
        var group = (d[3] * 10) + d[4];
        var serial = (d[5] * 1000) + (d[6] * 100) + (d[7] * 10) + d[8];
        if (area is 0 or 666 or >= 900 || group == 0 || serial == 0)
        {
            return false;
        }

        // Numbers published in advertising and never issued to a person.
        return !(area == 78 && group == 5 && serial == 1120) && !(area == 219 && group == 9 && serial == 9999);
    }
}
