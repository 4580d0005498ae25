namespace Rampart.Analyzers.Detection;

/// <summary>
/// Adyen's client keys ("test_" or "live_" and 32 upper-case letters and digits) authenticate the
/// browser's payment form and are sent to every shopper: public by design, like a publishable key.
/// Under a name that says "client key" such a value is no secret; Adyen's API keys ("AQE…") are.
/// </summary>
internal static class BrowserClientKeys
{
    public static bool IsPublicClientKey(string? name, string value)
    {
        if (IsSearchOnlyKey(name, value))
        {
            return true;
        }

        if (name is null || value.Length != 37 || !(value.StartsWith("test_", System.StringComparison.Ordinal) || value.StartsWith("live_", System.StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 5; i < value.Length; i++)
        {
            if (!(value[i] is >= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                return false;
            }
        }

        var words = NameTokenizer.Split(name);
        return words.Count >= 2 && words[words.Count - 1] == "key" && words[words.Count - 2] == "client";
    }

    /// <summary>
    /// Algolia's search-only API keys (32 hex characters) are meant for the browser's search box and
    /// can only query public indices; under a name that says "search only" such a value is public.
    /// Its admin and write keys are secrets.
    /// </summary>
    public static bool IsSearchOnlyKey(string? name, string value)
    {
        if (name is null || value.Length != 32)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        var words = NameTokenizer.Split(name.Substring(name.LastIndexOf(':') + 1).Replace("__", "_"));
        var search = words.IndexOf("search");
        return search >= 0 && search + 1 < words.Count && words[search + 1] == "only" && !words.Contains("admin") && !words.Contains("write");
    }
}
