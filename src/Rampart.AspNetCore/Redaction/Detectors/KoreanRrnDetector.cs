using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// Korean resident registration numbers (주민등록번호), <c>YYMMDD-GBBBBBC</c>: a real birth date,
/// a gender/century digit, and the check digit <c>C = (11 - Σ wᵢ·dᵢ mod 11) mod 10</c> with weights 2–9, 2–5.
/// </summary>
/// <remarks>
/// Numbers issued from October 2020 on carry random digits after the gender digit and no check
/// digit. A number written with its dash whose birth date is on or after 2020-10-01 is therefore
/// accepted on date and gender digit alone; without the dash, or for earlier birth dates, the check
/// digit must hold. Numbers re-issued after 2020 to people born earlier fail the check digit and
/// are missed when written with a dash; this is the price of precision, documented in <c>docs/logging.md</c>.
/// </remarks>
internal sealed class KoreanRrnDetector : PiiDetector
{
    private static readonly Regex Candidate = new(@"[0-9]{6}-?[0-9]{7}", Linear);
    private static readonly DateOnly RandomDigitsSince = new(2020, 10, 1);

    public override PiiKind Kind => PiiKind.KoreanResidentRegistrationNumber;

    public override int MinDigits => 13;

    // Every candidate holds seven digits in a row (after the dash, or all thirteen without it).
    public override bool MayContain(ReadOnlySpan<char> text) => HasDigitRun(text, 7);

    public override bool MayContain(ReadOnlySpan<byte> utf8) => HasDigitRun(utf8, 7);

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
        var dashed = candidate.Length == 14 && candidate[6] == '-';
        if (!dashed && candidate.Length != 13)
        {
            return false;
        }

        Span<byte> d = stackalloc byte[13];
        if (!TryGetDigits(candidate, d, 13, out var count) || count != 13)
        {
            return false;
        }

        var century = d[6] switch
        {
            1 or 2 or 5 or 6 => 1900,
            3 or 4 or 7 or 8 => 2000,
            9 or 0 => 1800,
            _ => -1,
        };
        var year = century + (d[0] * 10) + d[1];
        var month = (d[2] * 10) + d[3];
        var day = (d[4] * 10) + d[5];
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var birth = new DateOnly(year, month, day);
        if (birth > DateOnly.FromDateTime(DateTime.UtcNow))
        {
            return false;
        }

        if (HasValidCheckDigit(d))
        {
            return true;
        }

        // Post-2020 numbers: random digits, no check digit. Only the dashed form, for precision.
        return dashed && birth >= RandomDigitsSince;
    }

    public static bool HasValidCheckDigit(ReadOnlySpan<byte> d)
    {
        ReadOnlySpan<byte> weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += d[i] * weights[i];
        }

        return (11 - (sum % 11)) % 10 == d[12];
    }
}
