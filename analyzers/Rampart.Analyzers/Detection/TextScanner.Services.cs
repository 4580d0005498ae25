using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Token formats of package registries, container registries, shipping, realtime messaging and
/// no-code database services (NuGet.org, Docker Hub, Azure DevOps, EasyPost, Ably, Airtable), each
/// matched by its published prefix or fixed signature, alphabet and length.
/// </summary>
internal static partial class TextScanner
{
    private static readonly string[] NuGetPrefixes = { "oy2" };
    private static readonly string[] DockerHubPrefixes = { "dckr_pat_", "dckr_oat_" };
    private static readonly string[] EasyPostPrefixes = { "EZAK", "EZTK" };
    private static readonly Func<char, bool> LowerOrDigit = IsLowerOrDigit;

    private static SecretMatch? FindServiceSecret(string text)
    {
        if (FindExactAfterPrefix(text, NuGetPrefixes, LowerOrDigit, 43) && HasDigitAndLetter(text, "oy2", 43))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a NuGet.org API key", "NUGET_API_KEY");
        }

        if (FindExactAfterPrefix(text, DockerHubPrefixes, UrlSafe, 27))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Docker Hub access token", "DOCKER_TOKEN");
        }

        if (FindExactAfterPrefix(text, EasyPostPrefixes, LowerHex, 54))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an EasyPost API key", "EASYPOST_API_KEY");
        }

        if (FindAirtableToken(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Airtable personal access token", "AIRTABLE_TOKEN");
        }

        if (FindAzureDevOpsToken(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Azure DevOps personal access token", "AZURE_DEVOPS_PAT");
        }

        if (FindAblyKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Ably API key", "ABLY_API_KEY");
        }

        if (FindDockerAuthEntry(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a container registry login (a Docker config's auth entry)", "DOCKER_AUTH_CONFIG");
        }

        return null;
    }

    /// <summary>A NuGet.org key mixes letters and digits; "oy2" before a lower-case word is prose.</summary>
    private static bool HasDigitAndLetter(string text, string prefix, int length)
    {
        for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
        {
            if (i + prefix.Length + length > text.Length)
            {
                break;
            }

            bool digit = false, letter = false;
            for (var j = i + prefix.Length; j < i + prefix.Length + length; j++)
            {
                digit |= text[j] is >= '0' and <= '9';
                letter |= text[j] is >= 'a' and <= 'z';
            }

            if (digit && letter)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Airtable: "pat", a 14-character base62 id, '.', and 64 hex characters.</summary>
    private static bool FindAirtableToken(string text)
    {
        for (var i = text.IndexOf("pat", StringComparison.Ordinal); i >= 0; i = text.IndexOf("pat", i + 1, StringComparison.Ordinal))
        {
            var id = i + 3;
            var dot = id + 14;
            if (StartsToken(text, i) && dot + 65 <= text.Length && AllBase62(text, id, 14) && text[dot] == '.'
                && Run(text, dot + 1, LowerHex) == 64 && EndsToken(text, dot + 65) && HasVariety(text, id, 14) && HasVariety(text, dot + 1, 64))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Azure DevOps's current personal access tokens: 84 base62 characters carrying the fixed signature
    /// "AZDO" at positions 76–79. (The older 52-character base32 tokens have no signature; they are found by name.)
    /// </summary>
    private static bool FindAzureDevOpsToken(string text)
    {
        for (var i = text.IndexOf("AZDO", StringComparison.Ordinal); i >= 0; i = text.IndexOf("AZDO", i + 1, StringComparison.Ordinal))
        {
            var start = i - 76;
            if (start >= 0 && start + 84 <= text.Length && StartsToken(text, start) && EndsToken(text, start + 84)
                && AllBase62(text, start, 84) && HasVariety(text, start, 76))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ably: "&lt;app id&gt;.&lt;key id&gt;:&lt;key secret&gt;", two 6-character ids and a secret of 40 or more
    /// base64 characters: the key's name and its secret in one string, as Ably's dashboard copies it.
    /// </summary>
    private static bool FindAblyKey(string text)
    {
        for (var colon = text.IndexOf(':'); colon >= 0; colon = text.IndexOf(':', colon + 1))
        {
            var dot = colon - 7;
            var app = dot - 6;
            if (app < 0 || text[dot] != '.' || !StartsToken(text, app) || (app > 0 && text[app - 1] is '.' or '-'))
            {
                continue;
            }

            if (Run(text, app, UrlSafe) != 6 || Run(text, dot + 1, UrlSafe) != 6)
            {
                continue;
            }

            var secret = colon + 1;
            var run = Run(text, secret, c => IsUrlSafeBase64(c) || c is '+' or '/' or '=');
            if (run >= 40 && run <= 64 && EndsTokenUrlSafe(text, secret + run) && HasVariety(text, secret, run) && HasBothCases(text, secret, run))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A Docker client configuration's <c>"auth": "&lt;base64 of user:password&gt;"</c> (config.json's
    /// <c>auths</c>, a Kubernetes dockerconfigjson): the registry login, only encoded.
    /// </summary>
    private static bool FindDockerAuthEntry(string text)
    {
        const string key = "\"auth\"";
        for (var i = text.IndexOf(key, StringComparison.Ordinal); i >= 0; i = text.IndexOf(key, i + 1, StringComparison.Ordinal))
        {
            var p = i + key.Length;
            while (p < text.Length && text[p] is ' ' or '\t' or '\r' or '\n')
            {
                p++;
            }

            if (p >= text.Length || text[p] != ':')
            {
                continue;
            }

            p++;
            while (p < text.Length && text[p] is ' ' or '\t' or '\r' or '\n')
            {
                p++;
            }

            if (p >= text.Length || text[p] != '"')
            {
                continue;
            }

            var run = Run(text, p + 1, IsBase64Char);
            if (p + 1 + run < text.Length && text[p + 1 + run] == '"' && run <= 512
                && ConnectionCredentials.IsEncodedUserAndPassword(text.Substring(p + 1, run)))
            {
                return true;
            }
        }

        return false;
    }
}
