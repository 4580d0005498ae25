using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// Reads the <c>ENV</c> and <c>ARG</c> instructions of a Dockerfile, whose values are baked into the
/// image's layers and history: <c>ENV KEY=value [KEY2="value 2"]</c>, the older <c>ENV KEY value</c>, and
/// <c>ARG KEY=default</c>; an instruction continued with a trailing backslash goes on at the next line.
/// Comment lines ('#') are skipped. Never throws; one pass over the text.
/// </summary>
internal static class DockerfileEntryReader
{
    public static List<ConfigurationEntry> Read(string text)
    {
        var entries = new List<ConfigurationEntry>();
        var continued = false;
        var continuedIsAssignment = false;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = LineText.EndOfLine(text, lineStart, out var nextLine);
            var i = LineText.SkipBlanks(text, lineStart, end);
            var trimmedEnd = end;
            while (trimmedEnd > i && text[trimmedEnd - 1] is ' ' or '\t')
            {
                trimmedEnd--;
            }

            var continues = trimmedEnd > i && text[trimmedEnd - 1] == '\\';
            var stop = continues ? trimmedEnd - 1 : trimmedEnd;
            if (i < end && text[i] == '#')
            {
                // A comment line inside a continued instruction does not end it.
                lineStart = nextLine;
                continue;
            }

            if (continued)
            {
                if (continuedIsAssignment)
                {
                    ReadAssignments(text, i, stop, entries);
                }
            }
            else if (Instruction(text, i, stop, out var argumentsAt) is { } instruction)
            {
                continuedIsAssignment = instruction is "ENV" or "ARG";
                if (continuedIsAssignment)
                {
                    ReadAssignments(text, argumentsAt, stop, entries);
                }
            }
            else
            {
                continuedIsAssignment = false;
            }

            continued = continues;
            lineStart = nextLine;
        }

        return entries;
    }

    private static string? Instruction(string text, int i, int end, out int argumentsAt)
    {
        var wordEnd = i;
        while (wordEnd < end && char.IsLetter(text[wordEnd]))
        {
            wordEnd++;
        }

        argumentsAt = LineText.SkipBlanks(text, wordEnd, end);
        return wordEnd > i && argumentsAt > wordEnd ? text.Substring(i, wordEnd - i).ToUpperInvariant() : null;
    }

    /// <summary><c>KEY=value</c> pairs separated by blanks, or one <c>KEY value</c> (the rest of the line).</summary>
    private static void ReadAssignments(string text, int i, int end, List<ConfigurationEntry> entries)
    {
        var pairs = 0;
        while (i < end && pairs < 64)
        {
            var keyStart = i;
            while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
            {
                i++;
            }

            var keyEnd = i;
            if (keyEnd == keyStart)
            {
                return;
            }

            if (i >= end || text[i] != '=')
            {
                // "ENV KEY value": the value is the rest of the line; "ARG KEY" declares without a default.
                var rest = LineText.SkipBlanks(text, i, end);
                if (rest > i && rest < end && pairs == 0)
                {
                    Add(entries, text, keyStart, keyEnd, rest, end);
                }

                return;
            }

            i++;
            int valueStart;
            int valueEnd;
            if (i < end && text[i] is '"' or '\'')
            {
                valueStart = i + 1;
                valueEnd = valueStart < end ? text.IndexOf(text[i], valueStart, end - valueStart) : -1;
                if (valueEnd < 0)
                {
                    return;
                }

                i = valueEnd + 1;
            }
            else
            {
                valueStart = i;
                while (i < end && text[i] is not (' ' or '\t'))
                {
                    i++;
                }

                valueEnd = i;
            }

            Add(entries, text, keyStart, keyEnd, valueStart, valueEnd);
            pairs++;
            i = LineText.SkipBlanks(text, i, end);
        }
    }

    private static void Add(List<ConfigurationEntry> entries, string text, int keyStart, int keyEnd, int valueStart, int valueEnd)
    {
        while (valueEnd > valueStart && text[valueEnd - 1] is ' ' or '\t')
        {
            valueEnd--;
        }

        if (valueEnd > valueStart)
        {
            entries.Add(new ConfigurationEntry(text.Substring(keyStart, keyEnd - keyStart), text.Substring(valueStart, valueEnd - valueStart), TextSpan.FromBounds(valueStart, valueEnd)));
        }
    }


    internal static bool IsDockerfile(string name)
        => name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase);
}
