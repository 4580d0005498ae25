using System.Numerics;
using System.Text.RegularExpressions;

namespace Rampart.AspNetCore.Redaction.Detectors;

/// <summary>What a detector found; the order is the priority when two findings overlap.</summary>
internal enum PiiKind
{
    RampartKey = 0,
    ProviderSecret,
    Email,
    Iban,
    PaymentCard,
    KoreanResidentRegistrationNumber,
    UsSocialSecurityNumber,
    Phone,
}

/// <summary>A validated finding: <see cref="Length"/> characters from <see cref="Start"/>.</summary>
internal readonly record struct PiiMatch(int Start, int Length, PiiKind Kind)
{
    public int End => Start + Length;
}

/// <summary>
/// Finds candidates with a linear-time pattern, then keeps only those that validate (check digits,
/// ranges, dates, known lengths). A candidate that fails is left alone.
/// </summary>
internal abstract class PiiDetector
{
    // NonBacktracking: matching time is linear in the input, whatever the input.
    protected const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    public abstract PiiKind Kind { get; }

    /// <summary>A cheap test that rules out most text before any pattern runs.</summary>
    public virtual bool MayContain(ReadOnlySpan<char> text) => true;

    /// <summary>
    /// The same test on the text's UTF-8 bytes, so most JSON strings are ruled out before they are
    /// transcoded. It may say true where the text test says false, never the other way round.
    /// </summary>
    public virtual bool MayContain(ReadOnlySpan<byte> utf8) => true;

    /// <summary>The fewest ASCII digits a finding can have; the masker counts them once for all detectors.</summary>
    public virtual int MinDigits => 0;

    /// <summary>Whether <paramref name="text"/> (UTF-16 or UTF-8) holds <paramref name="length"/> ASCII digits in a row.</summary>
    public static bool HasDigitRun<T>(ReadOnlySpan<T> text, int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        var run = 0;
        foreach (var c in text)
        {
            run = IsDigit(c) ? run + 1 : 0;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="c"/> (a UTF-16 unit or a UTF-8 byte) is an ASCII digit.</summary>
    public static bool IsDigit<T>(T c)
        where T : unmanaged, IBinaryInteger<T>
        => T.CreateTruncating('0') <= c && c <= T.CreateTruncating('9');

    /// <summary>The ASCII digits in <paramref name="utf8"/>, counted up to <paramref name="max"/> (UTF-8 never uses their bytes otherwise).</summary>
    public static int CountDigits(ReadOnlySpan<byte> utf8, int max)
    {
        var first = utf8.IndexOfAnyInRange((byte)'0', (byte)'9');
        if (first < 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var b in utf8[first..])
        {
            if (char.IsAsciiDigit((char)b) && ++count >= max)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>The ASCII digits in <paramref name="text"/>, counted up to <paramref name="max"/>.</summary>
    public static int CountDigits(ReadOnlySpan<char> text, int max)
    {
        var first = text.IndexOfAnyInRange('0', '9');
        if (first < 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var c in text[first..])
        {
            if (char.IsAsciiDigit(c) && ++count >= max)
            {
                break;
            }
        }

        return count;
    }

    public abstract void Find(string text, List<PiiMatch> matches);

    protected static bool IsAsciiLetterOrDigit(string text, int index)
        => (uint)index < (uint)text.Length && char.IsAsciiLetterOrDigit(text[index]);

    protected static bool IsDigitAt(string text, int index)
        => (uint)index < (uint)text.Length && char.IsAsciiDigit(text[index]);

    protected static bool IsCharAt(string text, int index, char c)
        => (uint)index < (uint)text.Length && text[index] == c;

    /// <summary>The digits of <paramref name="text"/>, or false when there are more than <paramref name="max"/>.</summary>
    protected static bool TryGetDigits(ReadOnlySpan<char> text, Span<byte> digits, int max, out int count)
    {
        count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == max)
                {
                    return false;
                }

                digits[count++] = (byte)(c - '0');
            }
        }

        return true;
    }
}
