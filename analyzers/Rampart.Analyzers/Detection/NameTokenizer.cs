using System.Collections.Generic;

namespace Rampart.Analyzers.Detection;

/// <summary>Splits identifiers and configuration keys into lower-case words.</summary>
internal static class NameTokenizer
{
    /// <summary>
    /// "dbPassword" → [db, password]; "API_KEY" → [api, key]; "Jwt:SigningKey" → [jwt, signing, key];
    /// "HTTPClientSecret" → [http, client, secret].
    /// </summary>
    public static List<string> Split(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : '\0';
            if (!char.IsLetterOrDigit(c))
            {
                Flush(name, ref start, i, words);
                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var previous = name[i - 1];
            var boundary =
                (char.IsUpper(c) && char.IsLower(previous))
                || (char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]))
                || (char.IsDigit(c) != char.IsDigit(previous));
            if (boundary)
            {
                Flush(name, ref start, i, words);
                start = i;
            }
        }

        return words;
    }

    private static void Flush(string name, ref int start, int end, List<string> words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(name.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
