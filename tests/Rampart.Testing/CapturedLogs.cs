using Microsoft.Extensions.Logging.Testing;

namespace Rampart.Testing;

/// <summary>What a test reads from captured logs when it checks that nothing secret was written.</summary>
public static class CapturedLogs
{
    /// <summary>Every captured record's formatted message, each structured value and any exception, one string each.</summary>
    public static IReadOnlyList<string> LoggedText(this FakeLogCollector logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var lines = new List<string>();
        foreach (var record in logs.GetSnapshot())
        {
            lines.Add(record.Message);
            // The state is a string when a line was logged with a plain-text state; StructuredState would throw.
            if (record.State is IReadOnlyList<KeyValuePair<string, string?>> state)
            {
                lines.AddRange(state.Select(pair => $"{pair.Key}={pair.Value}"));
            }

            if (record.Exception is { } exception)
            {
                lines.Add(exception.ToString());
            }
        }

        return lines;
    }
}
