using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Rampart.AspNetCore.Redaction;

namespace Rampart.AspNetCore.Audit;

/// <summary>
/// Chooses how a captured body is written by its content type: JSON field by field, form fields
/// with the secret-name rule, other text through the masker, anything else as a size note only.
/// </summary>
internal sealed class RequestBodyFormatter
{
    private readonly JsonBodyRedactor _json;
    private readonly TextMasker _masker;
    private readonly SecretNameMatcher _secretNames;
    private readonly int _maxLength;

    public RequestBodyFormatter(JsonBodyRedactor json, TextMasker masker, SecretNameMatcher secretNames, int maxLength)
    {
        _json = json;
        _masker = masker;
        _secretNames = secretNames;
        _maxLength = maxLength;
    }

    public string Format(ReadOnlySpan<byte> body, string? contentType, JsonFieldClassifications types)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        MediaTypeHeaderValue.TryParse(contentType, out var mediaType);
        var media = mediaType?.MediaType.Value ?? string.Empty;
        string text;
        if (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            text = _json.Redact(body, types, out var reason) ?? reason switch
            {
                JsonNotLoggable.Comments => $"[JSON body of {body.Length} bytes not logged: it holds comments, which cannot be redacted]",
                JsonNotLoggable.TooDeep => $"[JSON body of {body.Length} bytes not logged: nested deeper than {JsonBodyRedactor.MaxDepth} levels]",
                _ => $"[invalid JSON body of {body.Length} bytes not logged]",
            };
        }
        else if (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                text = FormatForm(Encoding.UTF8.GetString(body));
            }
            catch (InvalidDataException)
            {
                text = $"[form body of {body.Length} bytes not logged: too many or too long fields]";
            }
        }
        else if (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || media.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
                 || media.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
        {
            text = _masker.Mask(Encoding.UTF8.GetString(body));
        }
        else
        {
            return $"[{body.Length} bytes of {LogValueSanitizer.Neutralize(media.Length == 0 ? "unknown type" : media, 100)} not logged]";
        }

        return LogValueSanitizer.Neutralize(text, _maxLength);
    }

    private string FormatForm(string form)
    {
        var builder = new StringBuilder(form.Length);
        var reader = new FormReader(form);
        for (var pair = reader.ReadNextPair(); pair is { } field; pair = reader.ReadNextPair())
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(_masker.Mask(field.Key)).Append('=')
                .Append(_secretNames.IsSecret(field.Key) ? LogValueSanitizer.Redacted : _masker.Mask(field.Value));
        }

        return builder.ToString();
    }
}
