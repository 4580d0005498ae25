using System.Numerics;
using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

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

    public override bool MayContain(ReadOnlySpan<char> text) => HasCandidateShape(text);

    public override bool MayContain(ReadOnlySpan<byte> utf8) => HasCandidateShape(utf8);

    // The candidate pattern's shape, DDD-DD-DDDD or DDD DD DDDD, found by one scan before the pattern runs.
    private static bool HasCandidateShape<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var dash = T.CreateTruncating('-');
        var space = T.CreateTruncating(' ');
        for (var i = 0; i + 11 <= text.Length; i++)
        {
            var separator = text[i + 3];
            if ((separator == dash || separator == space) && text[i + 6] == separator
                && IsDigit(text[i]) && IsDigit(text[i + 1]) && IsDigit(text[i + 2]) && IsDigit(text[i + 4]) && IsDigit(text[i + 5])
                && IsDigit(text[i + 7]) && IsDigit(text[i + 8]) && IsDigit(text[i + 9]) && IsDigit(text[i + 10]))
            {
                return true;
            }
        }

        return false;
    }

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
