using System;
using System.Collections.Generic;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Finds a URL query parameter that carries a credential (<c>?api_key=…</c>, <c>&amp;access_token=…</c>,
/// <c>&amp;appid=…</c>) in a text, whole or the piece of a URL a concatenation is built from. The parameter's
/// name says what the value is, as a variable's would; the value is judged as a secret-named one.
/// </summary>
internal static class QueryParameters
{
    /// <summary>At most this many parameters are read from one text.</summary>
    private const int MaxParameters = 32;

    /// <summary>Names of API-key parameters that no secret word covers: Google's <c>key</c>, OpenWeather's <c>appid</c>.</summary>
    private static readonly HashSet<string> KeyParameterNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "appid", "app_id", "appkey", "app_key", "auth", "authkey", "auth_key",
    };

    /// <summary>The first parameter named like a credential, with its value, or null.</summary>
    public static (string Name, string Value)? FindCredential(string text, IReadOnlyCollection<string> extraWords)
    {
        var read = 0;
        for (var i = text.IndexOfAny(Separators); i >= 0 && i + 1 < text.Length && read < MaxParameters; i = text.IndexOfAny(Separators, i + 1))
        {
            var nameStart = i + 1;
            var nameEnd = nameStart;
            while (nameEnd < text.Length && (char.IsLetterOrDigit(text[nameEnd]) || text[nameEnd] is '_' or '-' or '.'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || nameEnd >= text.Length || text[nameEnd] != '=')
            {
                continue;
            }

            read++;
            var valueEnd = text.IndexOfAny(ValueEnds, nameEnd + 1);
            if (valueEnd < 0)
            {
                valueEnd = text.Length;
            }

            var name = text.Substring(nameStart, nameEnd - nameStart);
            if (valueEnd > nameEnd + 1 && (KeyParameterNames.Contains(name) || SecretNames.IsSecretName(name, extraWords)))
            {
                return (name, Uri.UnescapeDataString(text.Substring(nameEnd + 1, valueEnd - nameEnd - 1)));
            }
        }

        return null;
    }

    private static readonly char[] Separators = { '?', '&' };

    private static readonly char[] ValueEnds = { '&', '#', ' ', '"', '\'', '\r', '\n', '\t' };
}
