using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Token formats of infrastructure and developer tools (HashiCorp Vault, Postman, Linear, New Relic, age,
/// Firebase Cloud Messaging) and mail services (Mailgun, Mailchimp), each matched by its published
/// prefix or suffix, alphabet and length.
/// </summary>
internal static partial class TextScanner
{
    private static readonly string[] VaultPrefixes = { "hvs.", "hvb.", "hvr." };
    private static readonly string[] LinearPrefixes = { "lin_api_" };

    // New Relic's user keys (NerdGraph and REST) and Insights insert keys. Its browser keys (NRJS-) are
    // left out: they ship in the page's script, public by design.
    private static readonly string[] NewRelicUserKeyPrefixes = { "NRAK-" };
    private static readonly string[] NewRelicInsertKeyPrefixes = { "NRII-" };
    private static readonly Func<char, bool> UpperOrDigit = c => (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    /// <summary>The bech32 alphabet in upper case, as age writes its secret keys.</summary>
    private const string Bech32Upper = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

    private static SecretMatch? FindToolingSecret(string text)
    {
        if (FindAfterPrefix(text, VaultPrefixes, UrlSafe, 24, 400))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a HashiCorp Vault token", "VAULT_TOKEN");
        }

        if (FindPostmanKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Postman API key", "POSTMAN_API_KEY");
        }

        if (FindExactAfterPrefix(text, LinearPrefixes, Base62Only, 40))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Linear API key", "LINEAR_API_KEY");
        }

        if (FindExactAfterPrefix(text, NewRelicUserKeyPrefixes, UpperOrDigit, 27) || FindExactAfterPrefix(text, NewRelicInsertKeyPrefixes, UrlSafe, 32))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a New Relic API key", "NEW_RELIC_API_KEY");
        }

        if (FindAgeSecretKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an age secret key", "AGE_SECRET_KEY");
        }

        if (FindFirebaseServerKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Firebase Cloud Messaging server key", "FCM_SERVER_KEY");
        }

        if (FindMailgunKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Mailgun API key", "MAILGUN_API_KEY");
        }

        if (FindMailchimpKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Mailchimp API key", "MAILCHIMP_API_KEY");
        }

        return FindServiceSecret(text);
    }

    /// <summary>Postman: "PMAK-", 24 hex characters, '-', and 34 hex characters.</summary>
    private static bool FindPostmanKey(string text)
    {
        for (var i = text.IndexOf("PMAK-", StringComparison.Ordinal); i >= 0; i = text.IndexOf("PMAK-", i + 1, StringComparison.Ordinal))
        {
            var a = i + 5;
            if (StartsToken(text, i) && Run(text, a, LowerHex) == 24 && a + 24 < text.Length && text[a + 24] == '-'
                && Run(text, a + 25, LowerHex) == 34 && EndsTokenUrlSafe(text, a + 59) && HasVariety(text, a + 25, 34))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>age: "AGE-SECRET-KEY-1" and 58 characters of the upper-case bech32 alphabet.</summary>
    private static bool FindAgeSecretKey(string text)
    {
        const string prefix = "AGE-SECRET-KEY-1";
        for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
        {
            var a = i + prefix.Length;
            var run = Run(text, a, c => Bech32Upper.IndexOf(c) >= 0);
            if (StartsToken(text, i) && run == 58 && EndsTokenUrlSafe(text, a + run) && HasVariety(text, a, run))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Firebase Cloud Messaging legacy server keys: "AAAA" and 7 characters (8 in some projects' keys),
    /// ":APA91b", and 120 to 200 more.
    /// </summary>
    private static bool FindFirebaseServerKey(string text)
    {
        for (var i = text.IndexOf(":APA91b", StringComparison.Ordinal); i >= 11; i = text.IndexOf(":APA91b", i + 1, StringComparison.Ordinal))
        {
            var body = Run(text, i + 7, IsUrlSafeBase64);
            if (body < 120 || body > 200 || !EndsTokenUrlSafe(text, i + 7 + body) || !HasVariety(text, i + 7, body))
            {
                continue;
            }

            for (var head = 11; head <= 12 && head <= i; head++)
            {
                var start = i - head;
                if (string.CompareOrdinal(text, start, "AAAA", 0, 4) == 0 && StartsToken(text, start) && Run(text, start, IsUrlSafeBase64) == head)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Mailgun's private API keys in the newer format: 32 lower-case hex characters, '-', 8, '-', 8
    /// (a shape no UUID, hash or version string has).
    /// </summary>
    private static bool FindMailgunKey(string text)
    {
        for (var i = text.IndexOf('-'); i >= 32; i = text.IndexOf('-', i + 1))
        {
            var start = i - 32;
            if (Run(text, start, LowerHex) == 32 && StartsToken(text, start) && Run(text, i + 1, LowerHex) == 8
                && i + 9 < text.Length && text[i + 9] == '-' && Run(text, i + 10, LowerHex) == 8 && EndsTokenUrlSafe(text, i + 18)
                && HasVariety(text, start, 32))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Mailchimp's API keys: 32 lower-case hex characters, "-us" and the data centre's number (one or two
    /// digits), which the key names because the API's host is chosen by it.
    /// </summary>
    private static bool FindMailchimpKey(string text)
    {
        for (var i = text.IndexOf("-us", StringComparison.Ordinal); i >= 32; i = text.IndexOf("-us", i + 1, StringComparison.Ordinal))
        {
            var start = i - 32;
            var digits = Run(text, i + 3, c => c >= '0' && c <= '9');
            if (digits is >= 1 and <= 2 && Run(text, start, LowerHex) == 32 && StartsToken(text, start)
                && EndsTokenUrlSafe(text, i + 3 + digits) && HasVariety(text, start, 32))
            {
                return true;
            }
        }

        return false;
    }
}
