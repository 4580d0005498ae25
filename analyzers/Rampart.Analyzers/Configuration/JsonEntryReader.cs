using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// Reads the string values of a JSON (or JSON-with-comments) configuration file with their keys
/// and positions. Tolerant: malformed input yields what could be read, never an exception, and
/// the work is linear in the size of the file.
/// </summary>
internal static class JsonEntryReader
{
    public static List<ConfigurationEntry> Read(string text)
    {
        var entries = new List<ConfigurationEntry>();
        var path = new List<string?>(); // one slot per open container: the key that opened it
        var arrays = new List<bool>();  // whether that container is an array
        string? pendingKey = null;      // a property name waiting for its value
        string? lastString = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    var close = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = close < 0 ? text.Length : close + 2;
                    continue;
                case '{':
                case '[':
                    path.Add(pendingKey);
                    arrays.Add(c == '[');
                    pendingKey = null;
                    lastString = null;
                    i++;
                    continue;
                case '}':
                case ']':
                    if (path.Count > 0)
                    {
                        path.RemoveAt(path.Count - 1);
                        arrays.RemoveAt(arrays.Count - 1);
                    }

                    pendingKey = null;
                    i++;
                    continue;
                case ':':
                    pendingKey = lastString;
                    lastString = null;
                    i++;
                    continue;
                case ',':
                    pendingKey = null;
                    lastString = null;
                    i++;
                    continue;
                case '"':
                    var start = i + 1;
                    var value = ReadString(text, ref i);
                    var span = TextSpan.FromBounds(start, System.Math.Max(start, i - 1));
                    if (pendingKey is not null)
                    {
                        entries.Add(new ConfigurationEntry(KeyOf(path, pendingKey), value, span));
                        pendingKey = null;
                    }
                    else if (arrays.Count > 0 && arrays[arrays.Count - 1])
                    {
                        entries.Add(new ConfigurationEntry(KeyOf(path, null), value, span));
                    }
                    else
                    {
                        lastString = value;
                    }

                    continue;
                default:
                    i++;
                    continue;
            }
        }

        return entries;
    }

    private static string KeyOf(List<string?> path, string? key)
    {
        string? parent = null;
        for (var i = path.Count - 1; i >= 0 && parent is null; i--)
        {
            parent = path[i];
        }

        if (key is null)
        {
            return parent ?? string.Empty;
        }

        return parent is null ? key : parent + ":" + key;
    }

    /// <summary>Reads a string starting at the opening quote; leaves <paramref name="i"/> after the closing one.</summary>
    private static string ReadString(string text, ref int i)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                return builder.ToString();
            }

            if (c == '\n')
            {
                return builder.ToString(); // unterminated: stop at the line end
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var e = text[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when i + 4 <= text.Length && int.TryParse(text.Substring(i, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default: builder.Append(e); break;
                }

                continue;
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }
}
