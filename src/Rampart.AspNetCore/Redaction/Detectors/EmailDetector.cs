using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// E-mail addresses whose local part and domain follow RFC 5321's limits and whose top-level domain is
/// alphabetic. A candidate that fails is tried again from inside: <c>see...alice.smith@example.com</c>
/// fails as a whole (".." in the local part) but holds <c>alice.smith@example.com</c>.
/// </summary>
internal sealed class EmailDetector : PiiDetector
{
    private static readonly Regex Candidate = new(@"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}", Linear);

    public override PiiKind Kind => PiiKind.Email;

    public override bool MayContain(ReadOnlySpan<char> text) => text.Contains('@');

    public override bool MayContain(ReadOnlySpan<byte> utf8) => utf8.Contains((byte)'@');

    public override void Find(string text, List<PiiMatch> matches)
    {
        foreach (var match in Candidate.EnumerateMatches(text))
        {
            var candidate = text.AsSpan(match.Index, match.Length);
            if (IsValid(candidate))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
            else if (LongestValidSuffix(candidate) is var skip and > 0)
            {
                matches.Add(new PiiMatch(match.Index + skip, match.Length - skip, Kind));
            }
        }
    }

    // The address inside a failed candidate shares its domain, so it can only be a shorter local part:
    // what follows the last "..", or what follows leading dots. The number of characters to skip, or 0.
    private static int LongestValidSuffix(ReadOnlySpan<char> candidate)
    {
        var at = candidate.IndexOf('@');
        if (at <= 0)
        {
            return 0;
        }

        var local = candidate[..at];
        var skip = local.LastIndexOf("..", StringComparison.Ordinal) is var doubled and >= 0 ? doubled + 2 : 0;
        while (skip < local.Length && local[skip] == '.')
        {
            skip++;
        }

        return skip > 0 && skip < local.Length && IsValid(candidate[skip..]) ? skip : 0;
    }

    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        var at = candidate.IndexOf('@');
        if (at <= 0 || candidate.Length > 254)
        {
            return false;
        }

        var local = candidate[..at];
        var domain = candidate[(at + 1)..];
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
        }

        return labels >= 2;
    }
}
