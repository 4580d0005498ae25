using System;
using Rampart.AspNetCore.Keys;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Token formats of AI, code-hosting, commerce, chat and Azure messaging platforms, each matched by
/// its published shape (prefix, alphabet, length) and, where the format allows, a structural check
/// such as a decodable id.
/// </summary>
internal static partial class TextScanner
{
    private static SecretMatch? FindPlatformSecret(string text)
    {
        if (FindOpenAi(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an OpenAI API key", "OPENAI_API_KEY");
        }

        if (FindAfterPrefix(text, AnthropicPrefixes, UrlSafe, 80, 200))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Anthropic API key", "ANTHROPIC_API_KEY");
        }

        if (FindHuggingFace(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Hugging Face token", "HF_TOKEN");
        }

        if (FindAfterPrefix(text, GitLabPrefixes, UrlSafeOrDot, 20, 120))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a GitLab token", "GITLAB_TOKEN");
        }

        if (FindAfterPrefix(text, PyPiPrefixes, UrlSafe, 50, 400))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a PyPI upload token", "PYPI_TOKEN");
        }

        if (FindExactAfterPrefix(text, ShopifyPrefixes, LowerHex, 32))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Shopify access token", "SHOPIFY_ACCESS_TOKEN");
        }

        if (FindSlackAppToken(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Slack app-level token", "SLACK_APP_TOKEN");
        }

        if (FindExactAfterPrefix(text, SquareAccessPrefixes, UrlSafe, 60) || FindAfterPrefix(text, SquareOAuthPrefixes, UrlSafe, 22, 80))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Square token", "SQUARE_ACCESS_TOKEN");
        }

        if (FindBraintreeAccessToken(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Braintree access token", "BRAINTREE_ACCESS_TOKEN");
        }

        if (FindDiscordBotToken(text) || FindWebhook(text, DiscordWebhookMarkers))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Discord bot token or webhook", "DISCORD_TOKEN");
        }

        if (FindTelegramBotToken(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Telegram bot token", "TELEGRAM_BOT_TOKEN");
        }

        if (FindExactAfterPrefix(text, TwilioKeyPrefixes, LowerHex, 32))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Twilio API key", "TWILIO_API_KEY");
        }

        if (FindAfterPrefix(text, StripeWebhookPrefixes, Base62Only, 32, 80))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Stripe webhook signing secret", "STRIPE_WEBHOOK_SECRET");
        }

        if (FindSasSignature(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Azure shared access signature", "AZURE_SAS_URL");
        }

        if (FindSharedAccessKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Azure shared access key", "AZURE_SERVICEBUS_CONNECTION_STRING");
        }

        if (FindLaunchDarklySdkKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a LaunchDarkly server SDK key", "LAUNCHDARKLY_SDK_KEY");
        }

        if (FindAzureAdClientSecret(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Microsoft Entra client secret", "AZURE_CLIENT_SECRET");
        }

        return FindToolingSecret(text);
    }

    private static readonly string[] OpenAiProjectPrefixes = { "sk-proj-", "sk-svcacct-", "sk-admin-" };
    private static readonly string[] AnthropicPrefixes = { "sk-ant-api03-", "sk-ant-admin01-", "sk-ant-oat01-" };
    private static readonly string[] GitLabPrefixes = { "glpat-", "gldt-", "glrt-", "glsoat-", "glptt-" };
    private static readonly string[] PyPiPrefixes = { "pypi-AgEIcHlwaS5vcmc" };
    private static readonly string[] ShopifyPrefixes = { "shpat_", "shpss_", "shpca_", "shppa_" };
    private static readonly string[] SquareAccessPrefixes = { "EAAA" };
    private static readonly string[] SquareOAuthPrefixes = { "sq0atp-", "sq0csp-" };
    private static readonly string[] TwilioKeyPrefixes = { "SK" };
    private static readonly string[] StripeWebhookPrefixes = { "whsec_" };
    private static readonly string[] DiscordWebhookMarkers = { "discord.com/api/webhooks/", "discordapp.com/api/webhooks/" };

    private static readonly Func<char, bool> UrlSafe = IsUrlSafeBase64;
    private static readonly Func<char, bool> UrlSafeOrDot = c => IsUrlSafeBase64(c) || c == '.';
    private static readonly Func<char, bool> Base62Only = IsBase62;
    private static readonly Func<char, bool> LowerHex = c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');

    /// <summary>OpenAI: project, service-account and admin keys; legacy keys carry "T3BlbkFJ" (base64 of "OpenAI").</summary>
    private static bool FindOpenAi(string text)
    {
        if (FindAfterPrefix(text, OpenAiProjectPrefixes, UrlSafe, 40, 300))
        {
            return true;
        }

        for (var i = text.IndexOf("sk-", StringComparison.Ordinal); i >= 0; i = text.IndexOf("sk-", i + 1, StringComparison.Ordinal))
        {
            var a = i + 3;
            var run = Run(text, a, IsBase62);
            if (StartsToken(text, i) && run >= 40 && run <= 64 && EndsTokenUrlSafe(text, a + run)
                && text.IndexOf("T3BlbkFJ", a, run, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Hugging Face: "hf_" and 34 letters of both cases.</summary>
    private static bool FindHuggingFace(string text)
    {
        for (var i = text.IndexOf("hf_", StringComparison.Ordinal); i >= 0; i = text.IndexOf("hf_", i + 1, StringComparison.Ordinal))
        {
            var a = i + 3;
            var run = Run(text, a, c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
            if (StartsToken(text, i) && run == 34 && EndsTokenUrlSafe(text, a + run) && HasVariety(text, a, run) && HasBothCases(text, a, run))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Slack app-level tokens: "xapp-", a digit, then dash-separated groups ending in 64 hex characters.</summary>
    private static bool FindSlackAppToken(string text)
    {
        for (var i = text.IndexOf("xapp-", StringComparison.Ordinal); i >= 0; i = text.IndexOf("xapp-", i + 1, StringComparison.Ordinal))
        {
            var a = i + 5;
            var run = Run(text, a, c => IsBase62(c) || c == '-');
            if (StartsToken(text, i) && run >= 70 && a + 1 < text.Length && text[a] >= '0' && text[a] <= '9' && text[a + 1] == '-'
                && EndsTokenUrlSafe(text, a + run) && HasVariety(text, a + run - 64, 64))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Discord bot tokens: the base64 of the bot's numeric id, a 6–7 character timestamp and an
    /// HMAC of 27–40 characters, separated by dots. The first part must decode to digits.
    /// </summary>
    private static bool FindDiscordBotToken(string text)
    {
        for (var dot = text.IndexOf('.'); dot > 0; dot = text.IndexOf('.', dot + 1))
        {
            var start = dot;
            while (start > 0 && IsBase62(text[start - 1]))
            {
                start--;
            }

            var idLength = dot - start;
            if (idLength < 23 || idLength > 28 || !StartsToken(text, start) || "MNO".IndexOf(text[start]) < 0)
            {
                continue;
            }

            var timestamp = Run(text, dot + 1, IsUrlSafeBase64);
            var hmacStart = dot + 1 + timestamp + 1;
            if (timestamp < 6 || timestamp > 7 || hmacStart > text.Length || text[hmacStart - 1] != '.')
            {
                continue;
            }

            var hmac = Run(text, hmacStart, IsUrlSafeBase64);
            if (hmac < 27 || hmac > 40 || !EndsTokenUrlSafe(text, hmacStart + hmac) || !HasVariety(text, hmacStart, hmac))
            {
                continue;
            }

            var id = DecodeBase64Url(text, start, idLength);
            if (id is not null && id.Length >= 17 && AllDigits(id, 0, id.Length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A webhook URL: the marker, a numeric id, '/', and a random token of 60 or more characters.</summary>
    private static bool FindWebhook(string text, string[] markers)
    {
        foreach (var marker in markers)
        {
            for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + 1, StringComparison.Ordinal))
            {
                var a = i + marker.Length;
                var id = Run(text, a, c => c >= '0' && c <= '9');
                if (id < 17 || id > 20 || a + id >= text.Length || text[a + id] != '/')
                {
                    continue;
                }

                var tokenStart = a + id + 1;
                var token = Run(text, tokenStart, IsUrlSafeBase64);
                if (token >= 60 && HasVariety(text, tokenStart, token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Telegram bot tokens: an 8–10 digit bot id, ':', and 35 characters starting with "AA".</summary>
    private static bool FindTelegramBotToken(string text)
    {
        for (var i = text.IndexOf(":AA", StringComparison.Ordinal); i >= 0; i = text.IndexOf(":AA", i + 1, StringComparison.Ordinal))
        {
            var start = i;
            while (start > 0 && text[start - 1] >= '0' && text[start - 1] <= '9')
            {
                start--;
            }

            var digits = i - start;
            var boundary = StartsToken(text, start) || (start >= 3 && string.CompareOrdinal(text, start - 3, "bot", 0, 3) == 0);
            var secret = Run(text, i + 1, IsUrlSafeBase64);
            if (digits >= 8 && digits <= 10 && boundary && secret == 35 && EndsTokenUrlSafe(text, i + 1 + secret) && HasVariety(text, i + 1, secret))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Azure SAS: a "sig=" parameter beside "sv=" whose value is the base64 of a 32-byte HMAC.</summary>
    private static bool FindSasSignature(string text)
    {
        if (text.IndexOf("sv=", StringComparison.Ordinal) < 0 && text.IndexOf("sr=", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        for (var i = text.IndexOf("sig=", StringComparison.Ordinal); i >= 0; i = text.IndexOf("sig=", i + 1, StringComparison.Ordinal))
        {
            if (i > 0 && text[i - 1] != '&' && text[i - 1] != '?' && text[i - 1] != ';')
            {
                continue;
            }

            var a = i + 4;
            var end = a;
            while (end < text.Length && text[end] != '&' && text[end] != ';' && text[end] != '"' && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            var value = text.Substring(a, end - a);
            try
            {
                value = Uri.UnescapeDataString(value);
            }
            catch (UriFormatException)
            {
                continue;
            }

            if (value.Length >= 43 && value.Length <= 46 && IsBase64(value) && HasVariety(value, 0, value.Length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Service Bus, Event Hubs, Relay and IoT Hub ("SharedAccessKey="), and the "Endpoint=…" strings of
    /// SignalR ("AccessKey=") and App Configuration ("Secret="): the base64 of a 32-byte key.
    /// </summary>
    private static bool FindSharedAccessKey(string text)
    {
        return FindEndpointKey(text, "SharedAccessKey=", anywhere: true)
            || (text.IndexOf("Endpoint=", StringComparison.OrdinalIgnoreCase) >= 0
                && (FindEndpointKey(text, "AccessKey=", anywhere: false) || FindEndpointKey(text, "Secret=", anywhere: false)));
    }

    /// <summary>A key of a connection string; unless <paramref name="anywhere"/>, it must start an entry (after ';').</summary>
    private static bool FindEndpointKey(string text, string marker, bool anywhere)
    {
        for (var i = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(marker, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (!anywhere && i > 0 && text[i - 1] != ';' && !char.IsWhiteSpace(text[i - 1]))
            {
                continue;
            }

            // The key ends where base64 ends: at ';', or at the quote of a JSON or raw string that holds the connection string.
            var a = i + marker.Length;
            var value = text.Substring(a, Run(text, a, IsBase64Char));
            if (value.Length >= 40 && value.Length <= 90 && IsBase64(value) && HasVariety(value, 0, value.Length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// LaunchDarkly server-side SDK keys: "sdk-" and a lower-case GUID (8-4-4-4-12 hex digits). The mobile
    /// key ("mob-") and the client-side id ship in apps and are not secrets.
    /// </summary>
    private static bool FindLaunchDarklySdkKey(string text)
    {
        for (var i = text.IndexOf("sdk-", StringComparison.Ordinal); i >= 0; i = text.IndexOf("sdk-", i + 1, StringComparison.Ordinal))
        {
            var a = i + 4;
            if (StartsToken(text, i) && a + 36 <= text.Length && IsLowerGuid(text, a) && EndsTokenUrlSafe(text, a + 36) && HasVariety(text, a, 36))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLowerGuid(string text, int start)
    {
        for (var k = 0; k < 36; k++)
        {
            var c = text[start + k];
            if (k is 8 or 13 or 18 or 23 ? c != '-' : !LowerHex(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Microsoft Entra client secrets: three characters, a digit, "Q~", and 31–34 more.</summary>
    private static bool FindAzureAdClientSecret(string text)
    {
        static bool IsSecretChar(char c) => IsBase62(c) || c == '_' || c == '~' || c == '.' || c == '-';
        for (var i = text.IndexOf("Q~", StringComparison.Ordinal); i >= 0; i = text.IndexOf("Q~", i + 1, StringComparison.Ordinal))
        {
            var start = i - 4;
            if (start < 0 || text[i - 1] < '0' || text[i - 1] > '9' || (start > 0 && IsSecretChar(text[start - 1])))
            {
                continue;
            }

            var ok = IsSecretChar(text[start]) && IsSecretChar(text[start + 1]) && IsSecretChar(text[start + 2]);
            var tail = Run(text, i + 2, IsSecretChar);
            if (ok && tail >= 31 && tail <= 34 && HasVariety(text, i + 2, tail))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] BraintreeEnvironments = { "production$", "sandbox$" };

    /// <summary>
    /// Braintree's access tokens: "access_token$", the environment ("production" or "sandbox") and '$',
    /// the merchant id (16 lower-case letters and digits), '$' and 32 lower-case hex characters.
    /// </summary>
    private static bool FindBraintreeAccessToken(string text)
    {
        const string head = "access_token$";
        for (var i = text.IndexOf(head, StringComparison.Ordinal); i >= 0; i = text.IndexOf(head, i + 1, StringComparison.Ordinal))
        {
            if (!StartsToken(text, i))
            {
                continue;
            }

            foreach (var environment in BraintreeEnvironments)
            {
                var merchant = i + head.Length + environment.Length;
                if (string.CompareOrdinal(text, i + head.Length, environment, 0, environment.Length) == 0
                    && Run(text, merchant, IsLowerOrDigit) == 16 && merchant + 16 < text.Length && text[merchant + 16] == '$'
                    && Run(text, merchant + 17, LowerHex) == 32 && EndsTokenUrlSafe(text, merchant + 49) && HasVariety(text, merchant + 17, 32))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A prefix at a token start followed by a run of <paramref name="minimum"/>–<paramref name="maximum"/> characters.</summary>
    private static bool FindAfterPrefix(string text, string[] prefixes, Func<char, bool> allowed, int minimum, int maximum)
    {
        foreach (var prefix in prefixes)
        {
            for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                var a = i + prefix.Length;
                var run = Run(text, a, allowed);
                if (StartsToken(text, i) && run >= minimum && run <= maximum && EndsTokenUrlSafe(text, a + run) && HasVariety(text, a, run))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool FindExactAfterPrefix(string text, string[] prefixes, Func<char, bool> allowed, int length)
    {
        foreach (var prefix in prefixes)
        {
            for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                var a = i + prefix.Length;
                if (StartsToken(text, i) && Run(text, a, allowed) == length && EndsTokenUrlSafe(text, a + length) && HasVariety(text, a, length))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Run(string text, int start, Func<char, bool> allowed)
    {
        var i = start;
        while (i < text.Length && allowed(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool HasBothCases(string text, int start, int length)
    {
        bool lower = false, upper = false;
        for (var i = start; i < start + length; i++)
        {
            lower |= char.IsLower(text[i]);
            upper |= char.IsUpper(text[i]);
        }

        return lower && upper;
    }

    /// <summary>
    /// True when the value has the shape of a checksummed token (GitHub, npm, a Rampart key) but its
    /// checksum fails: a made-up or mistyped value, not a credential, whatever name it is bound to.
    /// </summary>
    public static bool FailsTokenChecksum(string value)
    {
        var v = value.Trim();
        if (v.Length >= ApiKeyFormat.MinLength && v.Length <= ApiKeyFormat.MaxLength
            && ApiKeyFormat.Check(v.AsSpan(), out _) == ApiKeyFormatError.ChecksumMismatch)
        {
            return true;
        }

        foreach (var prefixes in new[] { GitHubPrefixes, NpmPrefixes })
        {
            foreach (var prefix in prefixes)
            {
                if (v.Length == prefix.Length + 36 && v.StartsWith(prefix, StringComparison.Ordinal) && AllBase62(v, prefix.Length, 36))
                {
                    return !HasTokenChecksum(v.AsSpan(prefix.Length, 36));
                }
            }
        }

        return false;
    }
}
