namespace Rampart.Analyzers.Detection;

/// <summary>
/// Agora calls the secret it signs its access tokens with an "App Certificate": 32 hex characters,
/// kept on the token server beside the public App ID. No secret word names it, and a certificate is
/// public as a rule, so only a value of that shape under a name ending in "app certificate" counts
/// (a thumbprint is 40 or 64 hex characters, a PEM certificate is no hex at all).
/// </summary>
internal static class AppCertificates
{
    public static bool IsAppCertificateSecret(string? name, string value)
    {
        if (name is null || value.Length != 32 || !IsHex(value) || SecretText.Entropy(value) < 3.0)
        {
            return false;
        }

        var words = NameTokenizer.Split(name);
        var last = words.Count - 1;
        while (last >= 0 && words[last] is "value" or "str" or "string" or "hex" or "live" or "prod" or "production")
        {
            last--;
        }

        return last >= 1 && words[last] == "certificate" && words[last - 1] == "app";
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }
}
