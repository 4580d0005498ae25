using System.Buffers;
using System.Text;

namespace Rampart.AspNetCore.Redaction;

/// <summary>
/// Makes an untrusted value safe to write: Rampart keys and validated personal data masked first
/// (so a cut can never leave part of a key), then control and line-breaking characters escaped
/// (log injection), then the length capped.
/// </summary>
internal sealed class LogValueSanitizer
{
    public const string Redacted = "[Redacted]";

    private static readonly SearchValues<char> Unsafe = SearchValues.Create(BuildUnsafe());

    private readonly TextMasker _masker;
    private readonly int _maxLength;

    public LogValueSanitizer(TextMasker masker, int maxLength)
    {
        _masker = masker;
        _maxLength = maxLength;
    }

    public string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return Neutralize(_masker.Mask(value), _maxLength);
    }

    /// <summary>Escapes control characters as <c>\uXXXX</c> and cuts at <paramref name="maxLength"/>.</summary>
    public static string Neutralize(string value, int maxLength)
    {
        var firstUnsafe = value.AsSpan().IndexOfAny(Unsafe);
        if (firstUnsafe < 0 && value.Length <= maxLength)
        {
            return value;
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 16);
        foreach (var c in value)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append("…[truncated]");
                break;
            }

            if (Unsafe.Contains(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string BuildUnsafe()
    {
        var characters = new StringBuilder();
        for (var c = '\0'; c < ' '; c++)
        {
            characters.Append(c);
        }

        // DEL, C1 controls, line and paragraph separators, bidirectional overrides and isolates.
        characters.Append('\u007f');
        for (var c = '\u0080'; c <= '\u009f'; c++)
        {
            characters.Append(c);
        }

        characters.Append("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f");
        return characters.ToString();
    }
}
