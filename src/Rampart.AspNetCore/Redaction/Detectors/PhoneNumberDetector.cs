using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// Phone numbers in three shapes, each validated: international (<c>+</c>, an assigned ITU-T E.164
/// country code, 8–15 digits in all; North American and Korean numbers checked further); North
/// American written with separators (<c>(415) 555-2671</c>, area and exchange codes starting 2–9,
/// not N11); and Korean domestic (<c>010-1234-5678</c>, <c>02-123-4567</c>, known area and mobile prefixes).
/// </summary>
internal sealed class PhoneNumberDetector : PiiDetector
{
    private static readonly Regex International = new(@"\+[0-9]{1,3}(?:[ .\-]?\(?[0-9]{1,4}\)?){1,5}[ .\-]?[0-9]{2,5}", Linear);
    private static readonly Regex NorthAmerican = new(@"\(?[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-][0-9]{4}", Linear);
    private static readonly Regex Korean = new(@"0[0-9]{1,2}-[0-9]{3,4}-[0-9]{4}|01[016789][0-9]{7,8}", Linear);

    // ITU-T E.164 country codes in use (one, two and three digits).
    private static readonly FrozenSet<int> CountryCodes = new HashSet<int>
    {
        1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
        211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237,
        238, 239, 240, 241, 242, 243, 244, 245, 246, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262,
        263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370,
        371, 372, 373, 374, 375, 376, 377, 378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503,
        504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677,
        678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961,
        962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993, 994, 995, 996, 998,
    }.ToFrozenSet();

    private static readonly FrozenSet<int> KoreanAreaCodes = new HashSet<int>
    {
        2, 31, 32, 33, 41, 42, 43, 44, 51, 52, 53, 54, 55, 61, 62, 63, 64, 70, 10, 11, 16, 17, 18, 19,
    }.ToFrozenSet();

    public override PiiKind Kind => PiiKind.Phone;

    public override int MinDigits => 8;

    public override void Find(string text, List<PiiMatch> matches)
    {
        Span<byte> digits = stackalloc byte[16];
        foreach (var match in International.EnumerateMatches(text))
        {
            if (!IsBounded(text, match.Index, match.Length))
            {
                continue;
            }

            if (TryGetDigits(text.AsSpan(match.Index, match.Length), digits, 16, out var count) && IsValidInternational(digits[..count]))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
        }

        foreach (var match in NorthAmerican.EnumerateMatches(text))
        {
            var candidate = text.AsSpan(match.Index, match.Length);
            if (IsBounded(text, match.Index, match.Length) && !IsCharAt(text, match.Index - 1, '+')
                && ParenthesesBalanced(candidate)
                && TryGetDigits(candidate, digits, 16, out var count) && count == 10 && IsValidNorthAmerican(digits[..10]))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
        }

        foreach (var match in Korean.EnumerateMatches(text))
        {
            if (IsBounded(text, match.Index, match.Length)
                && TryGetDigits(text.AsSpan(match.Index, match.Length), digits, 16, out var count) && IsValidKoreanDomestic(digits[..count]))
            {
                matches.Add(new PiiMatch(match.Index, match.Length, Kind));
            }
        }
    }

    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        Span<byte> digits = stackalloc byte[16];
        if (!TryGetDigits(candidate, digits, 16, out var count))
        {
            return false;
        }

        digits = digits[..count];
        var trimmed = candidate.Trim();
        if (trimmed.StartsWith('+'))
        {
            return IsValidInternational(digits);
        }

        return trimmed.StartsWith('0') ? IsValidKoreanDomestic(digits) : count == 10 && IsValidNorthAmerican(digits);
    }

    // Not part of a longer number: no letter, digit or hyphen on either side, and not the digits after
    // a decimal point ("3.010-..."); an ellipsis or full stop before it ("see...010-...") is fine.
    private static bool IsBounded(string text, int start, int length)
        => !IsAsciiLetterOrDigit(text, start - 1) && !IsAsciiLetterOrDigit(text, start + length)
           && !IsCharAt(text, start - 1, '-') && !IsCharAt(text, start + length, '-')
           && !(IsCharAt(text, start - 1, '.') && IsDigitAt(text, start - 2)) && !IsDigitAt(text, start + length + 1);

    private static bool ParenthesesBalanced(ReadOnlySpan<char> candidate)
    {
        var open = candidate.Count('(');
        var close = candidate.Count(')');
        return open == close && (open == 0 || (candidate[0] == '(' && candidate[4] == ')'));
    }

    private static bool IsValidInternational(ReadOnlySpan<byte> d)
    {
        if (d.Length is < 8 or > 15)
        {
            return false;
        }

        for (var length = 1; length <= 3; length++)
        {
            var code = 0;
            for (var i = 0; i < length; i++)
            {
                code = (code * 10) + d[i];
            }

            if (!CountryCodes.Contains(code))
            {
                continue;
            }

            var national = d[length..];
            return code switch
            {
                1 => national.Length == 10 && IsValidNorthAmerican(national),
                82 => national.Length is >= 8 and <= 10 && KoreanAreaCodes.Contains(Prefix(national)),
                _ => national.Length is >= 6 and <= 13,
            };
        }

        return false;
    }

    private static bool IsValidNorthAmerican(ReadOnlySpan<byte> d)
        => d.Length == 10 && d[0] >= 2 && d[3] >= 2 && !(d[1] == 1 && d[2] == 1) && !(d[4] == 1 && d[5] == 1)
           && !(d[0] == 5 && d[1] == 5 && d[2] == 5);

    private static bool IsValidKoreanDomestic(ReadOnlySpan<byte> d)
    {
        if (d.Length is < 9 or > 11 || d[0] != 0)
        {
            return false;
        }

        var national = d[1..];
        var prefix = Prefix(national);
        if (!KoreanAreaCodes.Contains(prefix))
        {
            return false;
        }

        var subscriber = national.Length - (prefix == 2 ? 1 : 2);
        return prefix is >= 10 and <= 19 ? subscriber is 7 or 8 && (prefix != 10 || subscriber == 8) : subscriber is 7 or 8;
    }

    // Seoul is "2"; every other area or mobile prefix has two digits.
    private static int Prefix(ReadOnlySpan<byte> national)
        => national.Length == 0 ? -1 : national[0] == 2 ? 2 : national.Length > 1 ? (national[0] * 10) + national[1] : -1;
}
