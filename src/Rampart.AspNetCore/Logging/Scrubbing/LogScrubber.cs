using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Redaction;
using Rampart.AspNetCore.Redaction.Detectors;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// Decides whether a log message, value, scope or exception carries a key, a provider secret or a
/// secret header's value, and makes the scrubbed text. The decision is made by cheap span searches
/// first, so a line with nothing to hide costs a few scans and no allocation.
/// </summary>
internal sealed class LogScrubber
{
    public const string Redacted = "[Redacted]";
    public const string OriginalFormat = "{OriginalFormat}";

    // A key is masked to "prefix_env_keyid…": the secret and the checksum go.
    private const int HiddenKeyTail = ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength;
    private const int MaxElements = 256;
    private const int MaxExceptionDepth = 8;

    // Shorter text can hold neither a key (70+), a provider token nor "Cookie:x".
    private const int MinSecretLength = 8;

    private const int MemoSlots = 256;

    private readonly TextMasker _masker;
    private readonly bool _providerSecrets;

    // Message templates and value names are nearly always literals, so a clean template and a name
    // that is no secret header are remembered by reference and checked once, not on every record.
    private readonly StringReferenceMemo _cleanTemplates = new(MemoSlots);
    private readonly StringReferenceMemo _plainNames = new(MemoSlots);
    private readonly StringReferenceMemo _templatesWithPlainNames = new(MemoSlots);
    private readonly FrozenSet<string> _secretHeaders;
    private readonly SearchValues<string> _headerNames;
    private readonly int _shortestHeader;
    private readonly int _longestHeader;

    public LogScrubber(LogScrubbingOptions options, string? keyHeader)
    {
        // Rampart keys are always found; provider secrets follow the switch; personal data is the audit record's business.
        _providerSecrets = options.ProviderSecrets;
        _masker = new TextMasker(new TextMaskingOptions
        {
            Enabled = options.ProviderSecrets,
            ProviderSecrets = true,
            Email = false,
            Iban = false,
            PaymentCard = false,
            KoreanResidentRegistrationNumber = false,
            UsSocialSecurityNumber = false,
            Phone = false,
        });

        var headers = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            HeaderNames.Authorization, HeaderNames.ProxyAuthorization, HeaderNames.Cookie, HeaderNames.SetCookie, "X-Api-Key",
        };
        if (!string.IsNullOrWhiteSpace(keyHeader))
        {
            headers.Add(keyHeader);
        }

        headers.UnionWith(options.SecretHeaders.Where(static h => !string.IsNullOrWhiteSpace(h)));
        _secretHeaders = headers.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _headerNames = SearchValues.Create([.. headers], StringComparison.OrdinalIgnoreCase);
        _shortestHeader = headers.Min(static h => h.Length);
        _longestHeader = headers.Max(static h => h.Length);
    }

    /// <summary>Whether a structured value's name is a secret-bearing header.</summary>
    public bool IsSecretHeader(string name)
    {
        if (name.Length < _shortestHeader || name.Length > _longestHeader || _plainNames.Contains(name))
        {
            return false;
        }

        if (_secretHeaders.Contains(name))
        {
            return true;
        }

        _plainNames.Add(name);
        return false;
    }

    /// <summary>Clean templates pushed out of the memo by another one, since start.</summary>
    public long TemplateEvictions => _cleanTemplates.Evictions;

    /// <summary>Value names that are no secret header pushed out of the memo by another one, since start.</summary>
    public long NameEvictions => _plainNames.Evictions + _templatesWithPlainNames.Evictions;

    /// <summary>
    /// Whether the names of <paramref name="template"/>'s placeholders were found to be no secret
    /// header. Only for states whose names are the template's placeholders.
    /// </summary>
    public bool TemplateNamesArePlain(string template) => _templatesWithPlainNames.Contains(template);

    /// <summary>Remembers that <paramref name="template"/>'s placeholders name no secret header.</summary>
    public void RememberPlainNames(string template) => _templatesWithPlainNames.Add(template);

    /// <summary><see cref="NeedsScrubbing(string?)"/> for a message template, remembered by reference when clean.</summary>
    public bool TemplateNeedsScrubbing(string template)
    {
        if (_cleanTemplates.Contains(template))
        {
            return false;
        }

        if (NeedsScrubbing(template))
        {
            return true;
        }

        _cleanTemplates.Add(template);
        return false;
    }

    public bool NeedsScrubbing(string? text)
        => text is not null && text.Length >= MinSecretLength && NeedsScrubbing(text.AsSpan(), text);

    public bool NeedsScrubbing(ReadOnlySpan<char> text)
        => text.Length >= MinSecretLength && NeedsScrubbing(text, text: null);

    // One shape pass answers all three questions for ordinary text: a key is a run of 70 or more
    // token characters, a provider secret needs a run or an '=', and a header value a ':' or '='.
    private bool NeedsScrubbing(ReadOnlySpan<char> span, string? text)
    {
        var shape = SecretShape.Classify(span, out var separator);
        if (shape != SecretShapes.None
            && (RampartKeyDetector.Instance.MayContain(span) || (_providerSecrets && ProviderSecretDetector.MayContain(span, shape)))
            && Findings(text ?? span.ToString()).Count > 0)
        {
            return true;
        }

        return separator && HasHeaderValue(span);
    }

    /// <summary>
    /// <see cref="NeedsScrubbing(string?)"/> without any pre-check: every detector's search and the
    /// header search over the whole text. The reference the fast path is compared with.
    /// </summary>
    internal bool NeedsScrubbingByFullSearch(string text)
    {
        var found = new List<PiiMatch>();
        RampartKeyDetector.Instance.Find(text, found);
        if (_providerSecrets)
        {
            new ProviderSecretDetector().Find(text, found);
        }

        found.RemoveAll(match => match.Kind != PiiKind.RampartKey && text.AsSpan(match.Start, match.Length).StartsWith(Redacted, StringComparison.Ordinal));
        return found.Count > 0 || HasHeaderValue(text);
    }

    // The masker's pre-check, made from one shape pass.
    private bool MayFind(ReadOnlySpan<char> text)
    {
        var shape = SecretShape.Classify(text);
        return shape != SecretShapes.None
            && (RampartKeyDetector.Instance.MayContain(text) || (_providerSecrets && ProviderSecretDetector.MayContain(text, shape)));
    }

    /// <summary><paramref name="text"/> with header values redacted, keys masked and provider secrets replaced; the same instance when clean.</summary>
    public string Scrub(string text)
    {
        if (text.Length < MinSecretLength)
        {
            return text;
        }

        return MaskKeysAndSecrets(HasHeaderValue(text) ? RedactHeaderValues(text) : text);
    }

    /// <summary><paramref name="result"/> with keys masked and provider secrets replaced, header-like text left alone.</summary>
    public string MaskKeysAndSecrets(string result)
    {
        if (result.Length < MinSecretLength || !MayFind(result))
        {
            return result;
        }

        var found = Findings(result);
        if (found.Count == 0)
        {
            return result;
        }

        var builder = new StringBuilder(result.Length);
        var position = 0;
        foreach (var match in found)
        {
            builder.Append(result, position, match.Start - position);
            if (match.Kind == PiiKind.RampartKey && match.Length > HiddenKeyTail)
            {
                builder.Append(result, match.Start, match.Length - HiddenKeyTail).Append('…');
            }
            else
            {
                builder.Append(TextMasker.Label(match.Kind));
            }

            position = match.End;
        }

        return builder.Append(result, position, result.Length - position).ToString();
    }

    /// <summary>Whether a structured value would show a secret once formatted (as the logging templates format it).</summary>
    public bool ValueNeedsScrubbing(object? value) => ValueNeedsScrubbing(value, nested: false);

    /// <summary>The value itself when clean, else its scrubbed text (enumerables joined with ", " as the templates do).</summary>
    public object? ScrubValue(object? value)
    {
        if (!ValueNeedsScrubbing(value))
        {
            return value;
        }

        if (value is IEnumerable items and not string)
        {
            var joined = new StringBuilder();
            foreach (var item in items)
            {
                joined.Append(joined.Length == 0 ? string.Empty : ", ").Append(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "(null)");
            }

            return Scrub(joined.ToString());
        }

        return Scrub(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
    }

    public bool ExceptionNeedsScrubbing(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < MaxExceptionDepth; depth++)
        {
            if (NeedsScrubbing(exception.Message))
            {
                return true;
            }

            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Take(MaxElements))
                {
                    if (ExceptionNeedsScrubbing(inner))
                    {
                        return true;
                    }
                }

                return false;
            }

            exception = exception.InnerException;
        }

        // Deeper chains are not walked: assume the worst.
        return exception is not null;
    }

    /// <summary>The exception itself when clean, else a stand-in whose message and text are scrubbed.</summary>
    public Exception? Scrub(Exception? exception)
        => exception is not null && ExceptionNeedsScrubbing(exception) ? new ScrubbedException(exception, this) : exception;

    private bool ValueNeedsScrubbing(object? value, bool nested)
    {
        switch (value)
        {
            case null:
                return false;
            case string text:
                return NeedsScrubbing(text);

            // The usual values first: a type test each, cheaper than asking the type what it is.
            case int or long or bool or double or Guid or DateTime or DateTimeOffset or TimeSpan or decimal:
                return false;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid)
        {
            return false;
        }

        if (value is ISpanFormattable formattable)
        {
            Span<char> buffer = stackalloc char[256];
            if (formattable.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture))
            {
                return NeedsScrubbing(buffer[..written]);
            }
        }
        else if (value is IEnumerable items)
        {
            if (nested)
            {
                return NeedsScrubbing(value.ToString());
            }

            var count = 0;
            foreach (var item in items)
            {
                // Too many to check one by one: scrub the joined text instead.
                if (++count > MaxElements || ValueNeedsScrubbing(item, nested: true))
                {
                    return true;
                }
            }

            return false;
        }

        return NeedsScrubbing(value.ToString());
    }

    // What the masker finds, less a "password=[Redacted]" that an earlier layer already redacted.
    private List<PiiMatch> Findings(string text)
    {
        var found = _masker.Find(text);
        found.RemoveAll(match => match.Kind != PiiKind.RampartKey && text.AsSpan(match.Start, match.Length).StartsWith(Redacted, StringComparison.Ordinal));
        return found;
    }

    private bool HasHeaderValue(ReadOnlySpan<char> text)
    {
        // A header value follows ':' or '='; without either, the name search is not worth its cost.
        if (text.IndexOfAny(':', '=') < 0)
        {
            return false;
        }

        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOfAny(_headerNames);
            if (found < 0)
            {
                return false;
            }

            var start = offset + found;
            if (FindHeaderValue(text, start, out var valueStart, out var valueLength)
                && !text.Slice(valueStart, valueLength).StartsWith(Redacted, StringComparison.Ordinal))
            {
                return true;
            }

            offset = start + 1;
        }

        return false;
    }

    private string RedactHeaderValues(string text)
    {
        var builder = new StringBuilder(text.Length);
        var position = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text.AsSpan(offset).IndexOfAny(_headerNames);
            if (found < 0)
            {
                break;
            }

            var start = offset + found;
            if (FindHeaderValue(text, start, out var valueStart, out var valueLength)
                && !text.AsSpan(valueStart, valueLength).StartsWith(Redacted, StringComparison.Ordinal))
            {
                builder.Append(text, position, valueStart - position).Append(Redacted);
                position = valueStart + valueLength;
                offset = position;
            }
            else
            {
                offset = start + 1;
            }
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    // "Name: value", "Name=value", "\"Name\":\"value\"": the value runs to its closing quote or the end of the line.
    private bool FindHeaderValue(ReadOnlySpan<char> text, int nameStart, out int valueStart, out int valueLength)
    {
        valueStart = valueLength = 0;
        var i = nameStart;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
        {
            i++;
        }

        if (!IsSecretHeaderEnding(text[nameStart..i]))
        {
            return false;
        }

        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        i = SkipSpaces(text, i);
        if (i >= text.Length || text[i] is not (':' or '='))
        {
            return false;
        }

        i = SkipSpaces(text, i + 1);
        char? quote = i < text.Length && text[i] is '"' or '\'' ? text[i] : (char?)null;
        if (quote is not null)
        {
            i++;
        }

        var end = i;
        while (end < text.Length && text[end] is not ('\r' or '\n') && text[end] != quote)
        {
            end++;
        }

        valueStart = i;
        valueLength = end - i;
        return valueLength > 0;
    }

    // The word found must end in a secret header name ("X-Authorization", "Set-Cookie"), not merely contain one ("Cookies").
    private bool IsSecretHeaderEnding(ReadOnlySpan<char> word)
    {
        foreach (var header in _secretHeaders)
        {
            if (word.EndsWith(header, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
