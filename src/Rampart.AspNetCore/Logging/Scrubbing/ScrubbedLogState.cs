using System.Collections;

namespace Rampart.AspNetCore.Logging.Scrubbing;

/// <summary>
/// What a provider receives instead of a log state (or scope) that carried a secret: the scrubbed
/// message and the structured values, each clean value kept as it was and each other one replaced
/// by its scrubbed text.
/// </summary>
internal sealed class ScrubbedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly Func<ScrubbedLogState, Exception?, string> Formatter = static (state, _) => state.Message;

    private readonly KeyValuePair<string, object?>[] _values;

    private ScrubbedLogState(KeyValuePair<string, object?>[] values, string message)
    {
        _values = values;
        Message = message;
    }

    public string Message { get; }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>A scrubbed copy of <paramref name="state"/> whose formatted text was <paramref name="message"/>.</summary>
    public static ScrubbedLogState Create(object? state, string message, LogScrubber scrubber)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            return new ScrubbedLogState([], scrubber.Scrub(message));
        }

        var values = new KeyValuePair<string, object?>[list.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var (name, value) = list[i];
            if (name == LogScrubber.OriginalFormat)
            {
                values[i] = new(name, value is string template ? scrubber.Scrub(template) : value);
            }
            else if (value is not null && scrubber.IsSecretHeader(name))
            {
                // A header's value may be an opaque token no detector knows: its text leaves the message too.
                if (Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } raw && raw != LogScrubber.Redacted)
                {
                    message = message.Replace(raw, LogScrubber.Redacted, StringComparison.Ordinal);
                }

                values[i] = new(name, LogScrubber.Redacted);
            }
            else
            {
                values[i] = new(name, scrubber.ScrubValue(value));
            }
        }

        return new ScrubbedLogState(values, scrubber.Scrub(message));
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
