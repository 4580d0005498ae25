namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>
/// Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, with a known issuer
/// prefix and length, passing the Luhn check (ISO/IEC 7812).
/// </summary>
internal sealed class PaymentCardDetector : PiiDetector
{
    public override PiiKind Kind => PiiKind.PaymentCard;

    public override int MinDigits => 13;

    public override void Find(string text, List<PiiMatch> matches)
    {
        Span<(int Start, int End, int Digits)> groups = stackalloc (int, int, int)[20];
        foreach (var (runStart, runLength) in DigitRuns(text))
        {
            if (runLength < 13 || IsAsciiLetterOrDigit(text, runStart - 1))
            {
                continue;
            }

            var position = runStart;
            var end = runStart + runLength;
            while (position < end)
            {
                // Collect up to 19 digits' worth of groups starting here, then try the longest valid span.
                var count = 0;
                var digits = 0;
                var cursor = position;
                while (cursor < end && count < groups.Length)
                {
                    var groupEnd = cursor;
                    while (groupEnd < end && char.IsAsciiDigit(text[groupEnd]))
                    {
                        groupEnd++;
                    }

                    digits += groupEnd - cursor;
                    if (digits > 19)
                    {
                        break;
                    }

                    groups[count++] = (position, groupEnd, digits);
                    cursor = groupEnd + 1;
                }

                var found = false;
                for (var i = count - 1; i >= 0; i--)
                {
                    var (start, groupEnd, total) = groups[i];
                    if (total >= 13 && !IsAsciiLetterOrDigit(text, groupEnd) && !IsAsciiLetterOrDigit(text, start - 1)
                        && IsValid(text.AsSpan(start, groupEnd - start)))
                    {
                        matches.Add(new PiiMatch(start, groupEnd - start, Kind));
                        position = groupEnd + 1;
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    // Next group.
                    var next = position;
                    while (next < end && char.IsAsciiDigit(text[next]))
                    {
                        next++;
                    }

                    position = next + 1;
                }
            }
        }
    }

    /// <summary>Runs of digit groups joined by single spaces or dashes, found by one linear scan.</summary>
    private static IEnumerable<(int Start, int Length)> DigitRuns(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var first = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (first < 0)
            {
                yield break;
            }

            var start = i + first;
            var end = start;
            while (true)
            {
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                // A single separator followed by a digit continues the run.
                if (end + 1 < text.Length && text[end] is ' ' or '-' && char.IsAsciiDigit(text[end + 1]))
                {
                    end++;
                    continue;
                }

                break;
            }

            yield return (start, end - start);
            i = end;
        }
    }

    public static bool IsValid(ReadOnlySpan<char> candidate)
    {
        Span<byte> digits = stackalloc byte[19];
        if (!TryGetDigits(candidate, digits, 19, out var count) || count < 13)
        {
            return false;
        }

        digits = digits[..count];
        return HasCardGrouping(candidate) && HasKnownIssuer(digits) && Luhn(digits);
    }

    /// <summary>
    /// Written with separators, a card is grouped as printed on cards: fours (the last group
    /// shorter), or 4-6-5 / 4-6-4. Other groupings (such as a dashed national id) are not cards.
    /// </summary>
    private static bool HasCardGrouping(ReadOnlySpan<char> candidate)
    {
        if (candidate.IndexOfAny(' ', '-') < 0)
        {
            return true;
        }

        Span<int> lengths = stackalloc int[8];
        var groups = 0;
        var current = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                current++;
                continue;
            }

            if (groups == lengths.Length - 1)
            {
                return false;
            }

            lengths[groups++] = current;
            current = 0;
        }

        lengths[groups++] = current;
        lengths = lengths[..groups];
        if (groups == 3 && lengths[0] == 4 && lengths[1] == 6 && lengths[2] is 4 or 5)
        {
            return true;
        }

        for (var i = 0; i < groups - 1; i++)
        {
            if (lengths[i] != 4)
            {
                return false;
            }
        }

        return lengths[^1] is >= 1 and <= 4;
    }

    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static bool HasKnownIssuer(ReadOnlySpan<byte> d)
    {
        var length = d.Length;
        var two = (d[0] * 10) + d[1];
        var four = (two * 100) + (d[2] * 10) + d[3];
        var six = (four * 100) + (d[4] * 10) + d[5];
        return d[0] switch
        {
            // Visa
            4 => length is 13 or 16 or 19,
            // Mastercard (51–55, 2221–2720), Mir (2200–2204)
            5 when two is >= 51 and <= 55 => length == 16,
            2 when four is >= 2221 and <= 2720 => length == 16,
            2 when four is >= 2200 and <= 2204 => length is >= 16 and <= 19,
            // American Express 34/37, Diners 300–305/36/38/39, JCB 3528–3589
            3 when two is 34 or 37 => length == 15,
            3 when two is 36 or 38 or 39 || (four is >= 3000 and <= 3059) => length is >= 14 and <= 19,
            3 when four is >= 3528 and <= 3589 => length is >= 16 and <= 19,
            // Discover 6011/644–649/65/622126–622925, UnionPay 62, Maestro 6304/6759/676x/50/56–58
            6 when four == 6011 || two == 65 || (four is >= 6440 and <= 6499) || (six is >= 622126 and <= 622925) => length is >= 16 and <= 19,
            6 when two == 62 => length is >= 16 and <= 19,
            6 when four is 6304 or 6759 or 6761 or 6762 or 6763 => length is >= 12 and <= 19,
            5 when two is 50 or (>= 56 and <= 58) => length is >= 12 and <= 19,
            _ => false,
        };
    }
}
