using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// Reads a <c>.env</c> file: one <c>KEY=value</c> a line, an optional <c>export </c>, values in single or
/// double quotes or bare (a bare value ends at " #"), comment lines starting with '#'. Never throws.
/// </summary>
internal static class DotEnvEntryReader
{
    public static List<ConfigurationEntry> Read(string text)
    {
        var entries = new List<ConfigurationEntry>();
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            ReadLine(text, lineStart, lineEnd, entries);
            lineStart = lineEnd + 1;
        }

        return entries;
    }

    private static void ReadLine(string text, int start, int end, List<ConfigurationEntry> entries)
    {
        var i = LineText.SkipBlanks(text, start, end);
        if (i >= end || text[i] == '#')
        {
            return;
        }

        if (end - i > 7 && string.CompareOrdinal(text, i, "export ", 0, 7) == 0)
        {
            i = LineText.SkipBlanks(text, i + 7, end);
        }

        var keyStart = i;
        while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        var keyEnd = i;
        i = LineText.SkipBlanks(text, i, end);
        if (keyEnd == keyStart || i >= end || text[i] != '=')
        {
            return;
        }

        i = LineText.SkipBlanks(text, i + 1, end);
        int valueStart;
        int valueEnd;
        if (i < end && text[i] is '"' or '\'')
        {
            var quote = text[i];
            valueStart = i + 1;
            valueEnd = text.IndexOf(quote, valueStart, end - valueStart);
            if (valueEnd < 0)
            {
                return;
            }
        }
        else
        {
            valueStart = i;
            valueEnd = i;
            while (valueEnd < end && text[valueEnd] != '\r' && !(text[valueEnd] == '#' && valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1])))
            {
                valueEnd++;
            }

            while (valueEnd > valueStart && char.IsWhiteSpace(text[valueEnd - 1]))
            {
                valueEnd--;
            }
        }

        if (valueEnd > valueStart)
        {
            entries.Add(new ConfigurationEntry(text.Substring(keyStart, keyEnd - keyStart), text.Substring(valueStart, valueEnd - valueStart), TextSpan.FromBounds(valueStart, valueEnd)));
        }
    }

}
