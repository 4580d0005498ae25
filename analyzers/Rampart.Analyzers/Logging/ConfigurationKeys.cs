using System;
using System.Collections.Generic;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Names that are keys rather than identifiers: a configuration path ("ConnectionStrings:Claims",
/// "Database__Password") is named by its sections, and a framework's session cookie
/// (".AspNetCore.Session", "JSESSIONID") by its well-known name.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>Session cookies of the common web frameworks, as words joined without separators.</summary>
    private static readonly HashSet<string> SessionCookies = new(StringComparer.Ordinal)
    {
        "aspnetcoresession", "aspnetsessionid", "jsessionid", "phpsessid", "connectsid", "sessionid",
    };

    /// <summary>What the key <paramref name="name"/> holds, or null when it is no key or names nothing personal or secret.</summary>
    public static string? Describe(string name, List<string> words, IReadOnlyCollection<string> extraWords, IReadOnlyCollection<string> extraSecretWords)
    {
        // "sessionId" as an identifier is a record's id; only a cookie's own name (".AspNetCore.Session", "ASP.NET_SessionId") is the cookie.
        var looksLikeCookie = name.IndexOf('.') >= 0 || name.IndexOf('_') >= 0 || name.ToUpperInvariant() == name;
        if (looksLikeCookie && SessionCookies.Contains(string.Concat(words)))
        {
            return "a session cookie";
        }

        var sections = name.Split(new[] { ":", "__" }, StringSplitOptions.RemoveEmptyEntries);
        if (sections.Length < 2)
        {
            return null;
        }

        if (string.Concat(NameTokenizer.Split(sections[0])) == "connectionstrings")
        {
            return "a connection string (with its credentials)";
        }

        var last = sections[sections.Length - 1];
        return last.IndexOf(':') < 0 && last.Length < name.Length ? PersonalDataNames.Describe(last, extraWords, extraSecretWords) : null;
    }
}
