using System.Text.Json;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>What <see cref="LeakReportParser"/> made of a report body.</summary>
internal enum LeakReportParseStatus
{
    Valid = 0,

    /// <summary>Not JSON, not an array of objects, or an object without a string <c>token</c>.</summary>
    Malformed,

    /// <summary>More tokens than the configured maximum; reading stopped at the first one too many.</summary>
    TooManyTokens,
}

/// <summary>
/// Reads a report body: a JSON array of <c>{ token, type, url, source }</c> objects, other members ignored.
/// Total: every input gets a status and nothing throws; work is bounded by the body (already capped), the
/// nesting depth and the token count.
/// </summary>
internal static class LeakReportParser
{
    private const int MaxDepth = 8;
    private const int MaxTextLength = 2048;

    public static LeakReportParseStatus Parse(ReadOnlySpan<byte> body, int maxTokens, out List<ReportedToken> tokens)
    {
        tokens = [];
        var status = Read(body, maxTokens, tokens);
        if (status != LeakReportParseStatus.Valid)
        {
            // A refused report yields nothing: no token of it is acted on.
            tokens.Clear();
        }

        return status;
    }

    private static LeakReportParseStatus Read(ReadOnlySpan<byte> body, int maxTokens, List<ReportedToken> tokens)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return LeakReportParseStatus.Malformed;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    // Nothing but whitespace may follow the array.
                    return reader.Read() ? LeakReportParseStatus.Malformed : LeakReportParseStatus.Valid;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return LeakReportParseStatus.Malformed;
                }

                if (tokens.Count == maxTokens)
                {
                    return LeakReportParseStatus.TooManyTokens;
                }

                if (ReadMatch(ref reader) is not { } match)
                {
                    return LeakReportParseStatus.Malformed;
                }

                tokens.Add(match);
            }

            return LeakReportParseStatus.Malformed;
        }
        catch (JsonException)
        {
            return LeakReportParseStatus.Malformed;
        }
        catch (InvalidOperationException)
        {
            // A string read from a member of another kind (the reader's own guard).
            return LeakReportParseStatus.Malformed;
        }
    }

    private static ReportedToken? ReadMatch(ref Utf8JsonReader reader)
    {
        string? token = null, type = null, url = null, source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            if (!reader.Read())
            {
                return null;
            }

            if (escaped)
            {
                // Member names the format uses are plain ASCII; an escaped name is none of them.
                reader.Skip();
                continue;
            }

            if (name.SequenceEqual("token"u8))
            {
                token = ReadString(ref reader);
                if (token is null)
                {
                    return null;
                }
            }
            else if (name.SequenceEqual("type"u8))
            {
                type = ReadOptional(ref reader);
            }
            else if (name.SequenceEqual("url"u8))
            {
                url = ReadOptional(ref reader);
            }
            else if (name.SequenceEqual("source"u8))
            {
                source = ReadOptional(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && token is not null ? new ReportedToken(token, type, url, source) : null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= MaxTextLength * 6 ? reader.GetString() : null;

    // Context fields are kept only when they are short strings; anything else is skipped, not refused.
    private static string? ReadOptional(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        var value = reader.GetString();
        return value is { Length: <= MaxTextLength } ? value : null;
    }
}
