namespace Rampart.Analyzers.Configuration;

/// <summary>What the line-oriented readers (<c>.env</c>, ini-like files, Dockerfiles, YAML) share: where a line ends and where its blanks stop.</summary>
internal static class LineText
{
    /// <summary>The end of the line starting at <paramref name="lineStart"/>, without its '\r'; <paramref name="nextLine"/> is where the next one starts.</summary>
    public static int EndOfLine(string text, int lineStart, out int nextLine)
    {
        var lineEnd = text.IndexOf('\n', lineStart);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        nextLine = lineEnd + 1;
        return lineEnd > lineStart && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    /// <summary>The first index at or after <paramref name="i"/> (and before <paramref name="end"/>) that is not a space or a tab.</summary>
    public static int SkipBlanks(string text, int i, int end)
    {
        while (i < end && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
