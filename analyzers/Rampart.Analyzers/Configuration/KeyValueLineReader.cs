using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>The line-oriented <c>key = value</c> formats read by <see cref="KeyValueLineReader"/>.</summary>
internal enum KeyValueFormat
{
    /// <summary>An ini file: <c>[section]</c> headers, <c>key = value</c> or <c>key: value</c>, ';' and '#' comments.</summary>
    Ini,

    /// <summary>An <c>.npmrc</c>: <c>//registry.npmjs.org/:_authToken=…</c>; a key may start with "//", so only ';' and '#' start comments.</summary>
    Npmrc,

    /// <summary>Terraform variables (<c>*.tfvars</c>): <c>name = "value"</c>, '#' and "//" comments; only quoted values are literals.</summary>
    Tfvars,

    /// <summary>A Bicep parameters file (<c>*.bicepparam</c>): <c>param name = 'value'</c>, "//" comments; only quoted values are literals.</summary>
    BicepParam,
}

/// <summary>
/// Reads one <c>key = value</c> a line (ini files, <c>.npmrc</c>, Terraform's <c>.tfvars</c>, Bicep's
/// <c>.bicepparam</c>): an ini section becomes the key's parent ("wire:password"); values in single or
/// double quotes or bare. Never throws; one pass over the text.
/// </summary>
internal static class KeyValueLineReader
{
    public static List<ConfigurationEntry> Read(string text, KeyValueFormat format)
    {
        var entries = new List<ConfigurationEntry>();
        string? section = null;
        var inBlockComment = false;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = LineText.EndOfLine(text, lineStart, out var nextLine);
            var i = LineText.SkipBlanks(text, lineStart, end);
            if (inBlockComment)
            {
                // Terraform and Bicep block comments: skip to the line that closes them.
                inBlockComment = text.IndexOf("*/", i, end - i, System.StringComparison.Ordinal) < 0;
            }
            else if (i < end)
            {
                if (format is KeyValueFormat.Tfvars or KeyValueFormat.BicepParam && StartsWith(text, i, end, "/*"))
                {
                    inBlockComment = text.IndexOf("*/", i + 2, end - i - 2, System.StringComparison.Ordinal) < 0;
                }
                else if (format == KeyValueFormat.Ini && text[i] == '[')
                {
                    var close = text.IndexOf(']', i + 1, end - i - 1);
                    section = close > i + 1 ? text.Substring(i + 1, close - i - 1).Trim() : null;
                }
                else if (!IsComment(text, i, end, format))
                {
                    ReadLine(text, i, end, format, section, entries);
                }
            }

            lineStart = nextLine;
        }

        return entries;
    }

    private static bool IsComment(string text, int i, int end, KeyValueFormat format) => format switch
    {
        KeyValueFormat.Ini or KeyValueFormat.Npmrc => text[i] is ';' or '#',
        KeyValueFormat.Tfvars => text[i] == '#' || StartsWith(text, i, end, "//"),
        _ => StartsWith(text, i, end, "//"),
    };

    private static void ReadLine(string text, int i, int end, KeyValueFormat format, string? section, List<ConfigurationEntry> entries)
    {
        if (format == KeyValueFormat.BicepParam)
        {
            // Only "param name = value" lines hold values ("using './main.bicep'" names the template).
            if (!StartsWith(text, i, end, "param ") && !StartsWith(text, i, end, "param\t"))
            {
                return;
            }

            i = LineText.SkipBlanks(text, i + 6, end);
        }

        var separator = i;
        while (separator < end && text[separator] != '=' && !(format == KeyValueFormat.Ini && text[separator] == ':'))
        {
            separator++;
        }

        var keyEnd = separator;
        while (keyEnd > i && text[keyEnd - 1] is ' ' or '\t')
        {
            keyEnd--;
        }

        if (separator >= end || keyEnd == i)
        {
            return;
        }

        var key = text.Substring(i, keyEnd - i);
        if (format is KeyValueFormat.Tfvars or KeyValueFormat.BicepParam && key.IndexOf(' ') >= 0)
        {
            return;
        }

        var valueAt = LineText.SkipBlanks(text, separator + 1, end);
        int valueStart;
        int valueEnd;
        if (valueAt < end && text[valueAt] is '"' or '\'')
        {
            valueStart = valueAt + 1;
            valueEnd = valueStart < end ? text.IndexOf(text[valueAt], valueStart, end - valueStart) : -1;
            if (valueEnd < 0)
            {
                return;
            }
        }
        else
        {
            if (format is KeyValueFormat.Tfvars or KeyValueFormat.BicepParam)
            {
                // A bare value is a number, a boolean, a list, a map or an expression (az.getSecret(…)): no literal text.
                return;
            }

            valueStart = valueAt;
            valueEnd = valueAt;
            while (valueEnd < end && !(text[valueEnd] is ';' or '#' && valueEnd > valueStart && text[valueEnd - 1] is ' ' or '\t'))
            {
                valueEnd++;
            }

            while (valueEnd > valueStart && text[valueEnd - 1] is ' ' or '\t')
            {
                valueEnd--;
            }
        }

        if (valueEnd > valueStart)
        {
            var name = section is null ? key : section + ":" + key;
            entries.Add(new ConfigurationEntry(name, text.Substring(valueStart, valueEnd - valueStart), TextSpan.FromBounds(valueStart, valueEnd)));
        }
    }

    private static bool StartsWith(string text, int i, int end, string prefix)
        => end - i >= prefix.Length && string.CompareOrdinal(text, i, prefix, 0, prefix.Length) == 0;

}
