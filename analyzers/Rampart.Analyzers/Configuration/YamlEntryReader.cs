using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// Reads the scalars of a docker-compose YAML file, line by line: <c>key: value</c> under its parent
/// keys ("services:db:environment:POSTGRES_PASSWORD"), list items <c>- KEY=value</c> (an
/// <c>environment</c> list) under their key, quoted or bare values (a bare value ends at " #"),
/// comments, documents markers and block scalars (<c>|</c>, <c>&gt;</c>) skipped, and the options of a
/// service's <c>command</c> or <c>entrypoint</c> (<c>["redis-server", "--requirepass", "…"]</c> or one line)
/// under the option's name ("services:cache:command:requirepass"). Not a full YAML parser: flow mappings
/// and multi-line plain scalars are not read. Never throws.
/// </summary>
internal static class YamlEntryReader
{
    public static List<ConfigurationEntry> Read(string text)
    {
        var entries = new List<ConfigurationEntry>();
        var parents = new List<(int Indent, string Key)>();
        var blockIndent = -1;
        string? blockCommand = null;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = LineText.EndOfLine(text, lineStart, out var nextLine);
            var i = lineStart;
            while (i < end && text[i] == ' ')
            {
                i++;
            }

            var indent = i - lineStart;
            if (i < end && blockIndent >= 0 && indent > blockIndent)
            {
                if (blockCommand is not null && text[i] != '#')
                {
                    // A script block ("run: |"): each line is a command whose options are read.
                    AddCommandOptions(entries, blockCommand, text, CommandWords(text, i, end));
                }
            }
            else if (i < end && text[i] != '#' && !IsDocumentMarker(text, i, end))
            {
                blockIndent = -1;
                blockCommand = null;
                ReadLine(text, i, end, indent, parents, entries, ref blockIndent, ref blockCommand);
            }

            lineStart = nextLine;
        }

        return entries;
    }

    private static bool IsDocumentMarker(string text, int i, int end)
        => end - i >= 3 && (string.CompareOrdinal(text, i, "---", 0, 3) == 0 || string.CompareOrdinal(text, i, "...", 0, 3) == 0);

    private static void ReadLine(string text, int i, int end, int indent, List<(int Indent, string Key)> parents, List<ConfigurationEntry> entries, ref int blockIndent, ref string? blockCommand)
    {
        while (parents.Count > 0 && parents[parents.Count - 1].Indent >= indent)
        {
            parents.RemoveAt(parents.Count - 1);
        }

        var parent = parents.Count > 0 ? parents[parents.Count - 1].Key : null;
        if (text[i] == '-' && (i + 1 == end || text[i + 1] == ' '))
        {
            // A list item: "- KEY=value", "- \"KEY=value\"", "- value", or "- key: value" (a mapping in a list).
            var item = i + 1;
            while (item < end && text[item] == ' ')
            {
                item++;
            }

            if (item >= end)
            {
                return;
            }

            if (KeyOf(text, item, end, out _, out _, out _) is not null)
            {
                ReadLine(text, item, end, indent + (item - i), parents, entries, ref blockIndent, ref blockCommand);
                return;
            }

            if (parent is not null && IsCommand(parent.Substring(parent.LastIndexOf(':') + 1)))
            {
                // A list of script lines (GitLab's "script:", a compose "command:" as a block sequence).
                AddCommandOptions(entries, parent, text, CommandWords(text, item, end));
                return;
            }

            if (!Scalar(text, item, end, out var start, out var stop))
            {
                return;
            }

            var equals = text.IndexOf('=', start, stop - start);
            if (equals > start && IsName(text, start, equals))
            {
                Add(entries, Join(parent, text.Substring(start, equals - start)), text, equals + 1, stop);
            }
            else if (parent is not null)
            {
                Add(entries, parent, text, start, stop);
            }

            return;
        }

        if (KeyOf(text, i, end, out _, out _, out var valueAt) is not { } key)
        {
            return;
        }

        var path = Join(parent, key);
        if (valueAt >= end || text[valueAt] == '#')
        {
            parents.Add((indent, path));
            return;
        }

        if (text[valueAt] is '|' or '>')
        {
            blockIndent = indent;
            blockCommand = IsCommand(key) ? path : null;
            return;
        }

        if (IsCommand(key) && text[valueAt] is not ('&' or '*' or '{'))
        {
            AddCommandOptions(entries, path, text, CommandWords(text, valueAt, end));
            return;
        }

        if (text[valueAt] is '&' or '*' or '{' or '[' || !Scalar(text, valueAt, end, out var valueStart, out var valueEnd))
        {
            return;
        }

        Add(entries, path, text, valueStart, valueEnd);
    }

    /// <summary>A compose service's command, or a CI pipeline step's shell script (GitHub's "run", GitLab's "script", Azure's "bash").</summary>
    private static bool IsCommand(string key) => key is "command" or "entrypoint" or "run" or "script" or "bash" or "pwsh" or "powershell" or "before_script" or "after_script";

    /// <summary>
    /// The words of a command: the items of a flow sequence (<c>["a", "--b", "c"]</c>, quoted or bare), or
    /// a one-line command split at spaces (quotes kept together), as spans of the text.
    /// </summary>
    private static List<(int Start, int Stop)> CommandWords(string text, int i, int end)
    {
        var words = new List<(int Start, int Stop)>();
        var flow = text[i] == '[';
        if (flow)
        {
            i++;
        }

        while (i < end && words.Count < 64)
        {
            var c = text[i];
            if (c == ' ' || (flow && c == ','))
            {
                i++;
                continue;
            }

            if ((flow && c == ']') || (c == '#' && i > 0 && text[i - 1] == ' '))
            {
                break;
            }

            if (c == '$' && i + 2 < end && text[i + 1] == '{' && text[i + 2] == '{')
            {
                // A pipeline expression ("${{ secrets.NUGET_API_KEY }}") is one word.
                var closing = text.IndexOf("}}", i + 3, end - i - 3, System.StringComparison.Ordinal);
                var wordEnd = closing < 0 ? end : closing + 2;
                words.Add((i, wordEnd));
                i = wordEnd;
                continue;
            }

            if (c is '"' or '\'')
            {
                var close = i + 1 < end ? text.IndexOf(c, i + 1, end - i - 1) : -1;
                if (close < 0)
                {
                    break;
                }

                words.Add((i + 1, close));
                i = close + 1;
                continue;
            }

            var stop = i;
            while (stop < end && text[stop] != ' ' && !(flow && text[stop] is ',' or ']'))
            {
                stop++;
            }

            words.Add((i, stop));
            i = stop;
        }

        return words;
    }

    /// <summary>Each option of a command (<c>--name value</c>, <c>--name=value</c>) as an entry named by the option.</summary>
    private static void AddCommandOptions(List<ConfigurationEntry> entries, string path, string text, List<(int Start, int Stop)> words)
    {
        for (var w = 0; w < words.Count; w++)
        {
            var (start, stop) = words[w];
            if (stop - start < 2 || text[start] != '-')
            {
                continue;
            }

            var name = start + (text[start + 1] == '-' ? 2 : 1);
            var equals = text.IndexOf('=', name, stop - name);
            if (equals > name)
            {
                Add(entries, path + ":" + text.Substring(name, equals - name), text, equals + 1, stop);
            }
            else if (w + 1 < words.Count && text[words[w + 1].Start] != '-' && stop > name)
            {
                Add(entries, path + ":" + text.Substring(name, stop - name), text, words[w + 1].Start, words[w + 1].Stop);
                w++;
            }
        }
    }

    /// <summary>The key of "key: value" or "key:" starting at <paramref name="i"/>, or null; where its value starts.</summary>
    private static string? KeyOf(string text, int i, int end, out int keyStart, out int keyEnd, out int valueAt)
    {
        keyStart = i;
        keyEnd = i;
        valueAt = end;
        if (text[i] is '"' or '\'')
        {
            var close = text.IndexOf(text[i], i + 1, end - i - 1);
            if (close < 0 || close + 1 >= end || text[close + 1] != ':')
            {
                return null;
            }

            keyStart = i + 1;
            keyEnd = close;
        }
        else
        {
            var colon = i;
            while (colon < end && !(text[colon] == ':' && (colon + 1 == end || text[colon + 1] == ' ')))
            {
                if (text[colon] is '=' or '"' or '\'' or '#' or '{' or '[')
                {
                    return null;
                }

                colon++;
            }

            if (colon >= end || colon == i)
            {
                return null;
            }

            keyEnd = colon;
            while (keyEnd > keyStart && text[keyEnd - 1] == ' ')
            {
                keyEnd--;
            }
        }

        valueAt = (text[keyEnd] is '"' or '\'' ? keyEnd + 1 : keyEnd) + 1;
        while (valueAt < end && text[valueAt] == ' ')
        {
            valueAt++;
        }

        return text.Substring(keyStart, keyEnd - keyStart);
    }

    /// <summary>The text of a quoted or bare scalar at <paramref name="i"/>.</summary>
    private static bool Scalar(string text, int i, int end, out int start, out int stop)
    {
        if (text[i] is '"' or '\'')
        {
            start = i + 1;
            stop = start < end ? text.IndexOf(text[i], start, end - start) : -1;
            return stop > start;
        }

        start = i;
        stop = i;
        while (stop < end && !(text[stop] == '#' && stop > start && text[stop - 1] == ' '))
        {
            stop++;
        }

        while (stop > start && text[stop - 1] == ' ')
        {
            stop--;
        }

        return stop > start;
    }

    private static bool IsName(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!(char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Join(string? parent, string key) => parent is null ? key : parent + ":" + key;

    private static void Add(List<ConfigurationEntry> entries, string key, string text, int start, int stop)
    {
        if (stop > start)
        {
            entries.Add(new ConfigurationEntry(key, text.Substring(start, stop - start), TextSpan.FromBounds(start, stop)));
        }
    }
}
