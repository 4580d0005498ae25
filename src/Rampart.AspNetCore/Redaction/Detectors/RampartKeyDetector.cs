using System.Text.RegularExpressions;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// Rampart keys of any prefix and environment, recognised by their CRC-32 checksum
/// (<see cref="ApiKeyFormat.Check"/>), so only real keys are masked. Always on.
/// </summary>
internal sealed class RampartKeyDetector : PiiDetector
{
    private static readonly Regex Candidate = new(@"_(?:live|test)_[0-9A-Za-z]{61}", Linear);

    public static readonly RampartKeyDetector Instance = new();

    public override PiiKind Kind => PiiKind.RampartKey;

    public override bool MayContain(ReadOnlySpan<char> text)
        => text.Length >= ApiKeyFormat.MinLength && (text.Contains("_live_", StringComparison.Ordinal) || text.Contains("_test_", StringComparison.Ordinal));

    // A text's UTF-8 is never shorter than the text, and ASCII is the same bytes.
    public override bool MayContain(ReadOnlySpan<byte> utf8)
        => utf8.Length >= ApiKeyFormat.MinLength && (utf8.IndexOf("_live_"u8) >= 0 || utf8.IndexOf("_test_"u8) >= 0);

    public override void Find(string text, List<PiiMatch> matches)
    {
        foreach (var match in Candidate.EnumerateMatches(text))
        {
            // The candidate starts at the "_" after the prefix; try every prefix length the grammar allows.
            var end = match.Index + match.Length;
            for (var prefix = ApiKeyFormat.MinPrefixLength; prefix <= ApiKeyFormat.MaxPrefixLength; prefix++)
            {
                var start = match.Index - prefix;
                if (start < 0)
                {
                    break;
                }

                var c = text[start];
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
                {
                    break;
                }

                if (ApiKeyFormat.Check(text.AsSpan(start, end - start), out _) == ApiKeyFormatError.None)
                {
                    matches.Add(new PiiMatch(start, end - start, Kind));
                    break;
                }
            }
        }
    }

    /// <summary>True when some substring of <paramref name="text"/> checksum-validates as a Rampart key.</summary>
    public static bool ContainsKey(string text)
    {
        if (!Instance.MayContain(text))
        {
            return false;
        }

        var found = new List<PiiMatch>();
        Instance.Find(text, found);
        return found.Count > 0;
    }
}
