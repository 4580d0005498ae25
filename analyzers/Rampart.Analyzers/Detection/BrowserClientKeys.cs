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
}
