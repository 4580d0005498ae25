using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>E-mail addresses whose local part and domain follow RFC 5321's limits and whose top-level domain is alphabetic.</summary>
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
            if (IsValid(text.AsSpan(match.Index, match.Length)))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
        }
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
