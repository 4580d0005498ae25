using System;
using Rampart.AspNetCore.Keys;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Finds keys, tokens and credentials in the value of a literal or a configuration entry. Every
/// format is recognised by its structure and, where the format has one, its checksum; the scanner
/// never throws and its work is linear in the length of the text.
/// </summary>
internal static partial class TextScanner
{
    /// <summary>Texts longer than this are not scanned (generated blobs, embedded files).</summary>
    public const int MaxScannedLength = 64 * 1024;

    /// <summary>The Azure Storage emulator's account key, published in Microsoft's documentation.</summary>
    private const string StorageEmulatorKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The first secret found in <paramref name="text"/>, or null.</summary>
    public static SecretMatch? Scan(string? text)
    {
        if (text is null || text.Length < 8 || text.Length > MaxScannedLength || DocumentedExamples.Contains(text))
        {
            return null;
        }

        if (text.Length >= ApiKeyFormat.MinLength && FindRampartKey(text))
        {
            return new SecretMatch(SecretRule.RampartKey, "a Rampart API key", "RAMPART_API_KEY");
        }

        if (text.Length >= 16 && FindProviderSecret(text) is { } provider)
        {
            return provider;
        }

        return ConnectionCredentials.Find(text);
    }

    private static readonly string[] RampartMarkers = { "_live_", "_test_" };

    /// <summary>True when <paramref name="text"/> contains a checksum-valid Rampart key of any prefix.</summary>
    public static bool FindRampartKey(string text)
    {
        foreach (var marker in RampartMarkers)
        {
            var index = text.IndexOf(marker, StringComparison.Ordinal);
            while (index >= 0)
            {
                if (IsRampartKeyAt(text, index))
                {
                    return true;
                }

                index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static bool IsRampartKeyAt(string text, int underscore)
    {
        var end = underscore + ApiKeyFormat.SuffixLength;
        if (end > text.Length || (end < text.Length && IsBase62(text[end])))
        {
            return false;
        }

        // The prefix is the longest run of [a-z0-9] before the marker, at most 12 characters.
        var start = underscore;
        while (start > 0 && underscore - start < ApiKeyFormat.MaxPrefixLength && IsLowerOrDigit(text[start - 1]))
        {
            start--;
        }

        for (var s = start; underscore - s >= ApiKeyFormat.MinPrefixLength; s++)
        {
            if (ApiKeyFormat.Check(text.AsSpan(s, end - s), out _) == ApiKeyFormatError.None)
            {
                return true;
            }
        }

        return false;
    }

    private static SecretMatch? FindProviderSecret(string text)
    {
        if (FindAws(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an AWS access key id", "AWS_ACCESS_KEY_ID");
        }

        if (FindChecksummedToken(text, GitHubPrefixes) || FindGitHubFineGrained(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a GitHub token", "GITHUB_TOKEN");
        }

        if (FindChecksummedToken(text, NpmPrefixes))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an npm token", "NPM_TOKEN");
        }

        if (FindStripe(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Stripe secret key", "STRIPE_SECRET_KEY");
        }

        if (FindSlack(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Slack token", "SLACK_TOKEN");
        }

        if (FindGoogleApiKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a Google API key", "GOOGLE_API_KEY");
        }

        if (FindAzureStorageKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an Azure Storage account key", "AZURE_STORAGE_CONNECTION_STRING");
        }

        if (FindSendGrid(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a SendGrid API key", "SENDGRID_API_KEY");
        }

        if (FindPemPrivateKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a PEM private key", "PRIVATE_KEY");
        }

        if (FindXmlPrivateKey(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "an RSA or DSA private key in XML", "PRIVATE_KEY");
        }

        if (FindJwt(text))
        {
            return new SecretMatch(SecretRule.ProviderSecret, "a JSON Web Token", "JWT");
        }

        return FindPlatformSecret(text);
    }

    // --- AWS: AKIA/ASIA/ABIA/ACCA + 16 base32 characters. AWS's documented examples end in EXAMPLE.
    private static readonly string[] AwsPrefixes = { "AKIA", "ASIA", "ABIA", "ACCA" };

    private static bool FindAws(string text)
    {
        foreach (var prefix in AwsPrefixes)
        {
            for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                const int length = 20;
                if (!StartsToken(text, i) || i + length > text.Length || !EndsToken(text, i + length))
                {
                    continue;
                }

                var ok = true;
                for (var j = i + 4; j < i + length && ok; j++)
                {
                    var c = text[j];
                    ok = (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
                }

                if (ok && text.IndexOf("EXAMPLE", i, length, StringComparison.Ordinal) < 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    // --- GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_): 30 random base62 characters and
    // the CRC-32 of those 30, as 6 base62 digits.
    private static readonly string[] GitHubPrefixes = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" };
    private static readonly string[] NpmPrefixes = { "npm_" };

    private const string Base62UpperFirst = ApiKeyFormat.Base62Alphabet;
    private const string Base62LowerFirst = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static bool FindChecksummedToken(string text, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                var body = i + prefix.Length;
                if (StartsToken(text, i) && body + 36 <= text.Length && EndsToken(text, body + 36) && AllBase62(text, body, 36)
                    && HasTokenChecksum(text.AsSpan(body, 36)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the last 6 characters are the base62 CRC-32 of the first 30.</summary>
    internal static bool HasTokenChecksum(ReadOnlySpan<char> body)
    {
        var crc = ApiKeyFormat.Crc32(body.Slice(0, 30));
        return ChecksumMatches(crc, body.Slice(30, 6), Base62UpperFirst) || ChecksumMatches(crc, body.Slice(30, 6), Base62LowerFirst);
    }

    private static bool ChecksumMatches(uint crc, ReadOnlySpan<char> digits, string alphabet)
    {
        var value = crc;
        for (var i = 5; i >= 0; i--)
        {
            if (digits[i] != alphabet[(int)(value % 62)])
            {
                return false;
            }

            value /= 62;
        }

        return true;
    }

    private static bool FindGitHubFineGrained(string text)
    {
        const string prefix = "github_pat_";
        for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
        {
            var a = i + prefix.Length;
            if (StartsToken(text, i) && a + 82 <= text.Length && AllBase62(text, a, 22) && text[a + 22] == '_'
                && AllBase62(text, a + 23, 59) && EndsToken(text, a + 82) && HasVariety(text, a, 82))
            {
                return true;
            }
        }

        return false;
    }

    // --- Stripe: sk_live_, sk_test_, rk_live_, rk_test_ and at least 24 base62 characters.
    private static readonly string[] StripePrefixes = { "sk_live_", "sk_test_", "rk_live_", "rk_test_" };

    private static bool FindStripe(string text)
    {
        foreach (var prefix in StripePrefixes)
        {
            for (var i = text.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = text.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                var a = i + prefix.Length;
                var run = Base62Run(text, a);
                if (StartsToken(text, i) && run >= 24 && run <= 247 && EndsToken(text, a + run) && HasVariety(text, a, run))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // --- Slack: xoxb-/xoxp-/xoxa-/xoxr-/xoxs-/xoxe- tokens made of numeric groups and a random tail, and webhook URLs.
    private static bool FindSlack(string text)
    {
        for (var i = text.IndexOf("xox", StringComparison.Ordinal); i >= 0; i = text.IndexOf("xox", i + 1, StringComparison.Ordinal))
        {
            if (!StartsToken(text, i) || i + 5 > text.Length || "bpasre".IndexOf(text[i + 3]) < 0)
            {
                continue;
            }

            var p = i + 4;
            if (p < text.Length && text[p] == '.')
            {
                p++; // xoxe.xoxp- refresh tokens
                if (text.IndexOf("xox", p, Math.Min(4, text.Length - p), StringComparison.Ordinal) == p)
                {
                    p += 4;
                }
            }

            if (p >= text.Length || text[p] != '-')
            {
                continue;
            }

            // Groups separated by '-': at least two numeric groups of 6+ digits, then a random tail of 16+ characters.
            var numericGroups = 0;
            var tailLength = 0;
            p++;
            while (p < text.Length)
            {
                var start = p;
                while (p < text.Length && (char.IsLetterOrDigit(text[p]) && text[p] < 128))
                {
                    p++;
                }

                var length = p - start;
                if (length == 0)
                {
                    break;
                }

                if (length >= 6 && AllDigits(text, start, length))
                {
                    numericGroups++;
                }
                else
                {
                    tailLength = HasVariety(text, start, length) ? length : 0;
                }

                if (p < text.Length && text[p] == '-')
                {
                    p++;
                    continue;
                }

                break;
            }

            if (numericGroups >= 2 && tailLength >= 16 && EndsToken(text, p))
            {
                return true;
            }
        }

        const string webhook = "hooks.slack.com/services/T";
        var w = text.IndexOf(webhook, StringComparison.Ordinal);
        if (w >= 0)
        {
            var parts = text.Substring(w + webhook.Length - 1).Split('/');
            if (parts.Length >= 3 && parts[0].Length >= 8 && parts[1].Length >= 8 && parts[1][0] == 'B'
                && Base62Run(parts[2], 0) >= 24 && HasVariety(parts[2], 0, Base62Run(parts[2], 0)))
            {
                return true;
            }
        }

        return false;
    }

    // --- Google API keys: "AIza" and 35 characters of [A-Za-z0-9_-].
    private static bool FindGoogleApiKey(string text)
    {
        for (var i = text.IndexOf("AIza", StringComparison.Ordinal); i >= 0; i = text.IndexOf("AIza", i + 1, StringComparison.Ordinal))
        {
            if (!StartsToken(text, i) || i + 39 > text.Length || !EndsTokenUrlSafe(text, i + 39))
            {
                continue;
            }

            var ok = true;
            for (var j = i + 4; j < i + 39 && ok; j++)
            {
                ok = IsUrlSafeBase64(text[j]);
            }

            if (ok && HasVariety(text, i + 4, 35))
            {
                return true;
            }
        }

        return false;
    }

    // --- Azure Storage: AccountKey=<base64 of 64 bytes> in a connection string.
    private static bool FindAzureStorageKey(string text)
    {
        const string marker = "AccountKey=";
        for (var i = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(marker, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var a = i + marker.Length;
            var end = text.IndexOf(';', a);
            var value = (end < 0 ? text.Substring(a) : text.Substring(a, end - a)).Trim();
            if (value.Length == 88 && value.EndsWith("==", StringComparison.Ordinal) && value != StorageEmulatorKey
                && IsBase64(value) && HasVariety(value, 0, 86))
            {
                return true;
            }
        }

        return false;
    }

    // --- SendGrid: "SG." 22 characters "." 43 characters, URL-safe base64.
    private static bool FindSendGrid(string text)
    {
        for (var i = text.IndexOf("SG.", StringComparison.Ordinal); i >= 0; i = text.IndexOf("SG.", i + 1, StringComparison.Ordinal))
        {
            if (!StartsToken(text, i) || i + 69 > text.Length || text[i + 25] != '.' || !EndsTokenUrlSafe(text, i + 69))
            {
                continue;
            }

            var ok = true;
            for (var j = i + 3; j < i + 69 && ok; j++)
            {
                ok = j == i + 25 || IsUrlSafeBase64(text[j]);
            }

            if (ok && HasVariety(text, i + 26, 43))
            {
                return true;
            }
        }

        return false;
    }

    // --- PEM private keys: a BEGIN ... PRIVATE KEY line followed by base64 content.
    private static bool FindPemPrivateKey(string text)
    {
        for (var i = text.IndexOf("-----BEGIN ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("-----BEGIN ", i + 1, StringComparison.Ordinal))
        {
            var lineEnd = text.IndexOf("-----", i + 11, StringComparison.Ordinal);
            if (lineEnd < 0 || lineEnd - i > 60)
            {
                continue;
            }

            var label = text.Substring(i + 11, lineEnd - i - 11);
            if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                continue;
            }

            // Count the base64 characters of the body up to the END line; a real key has hundreds.
            // Backslashes are allowed: a key written with "\n" escapes inside a verbatim string or JSON.
            var bodyEnd = text.IndexOf("-----END", lineEnd + 5, StringComparison.Ordinal);
            var stop = bodyEnd < 0 ? text.Length : bodyEnd;
            var base64 = 0;
            for (var j = lineEnd + 5; j < stop; j++)
            {
                var c = text[j];
                if (IsBase64Char(c))
                {
                    base64++;
                }
                else if (c != '\r' && c != '\n' && c != ' ' && c != '\t' && c != ':' && c != ',' && c != '-' && c != '\\')
                {
                    base64 = -1;
                    break;
                }
            }

            if (base64 >= 64 && HasVariety(text, lineEnd + 5, Math.Min(stop - lineEnd - 5, 200)))
            {
                return true;
            }
        }

        return false;
    }

    // --- .NET's XML key form (RSA.ToXmlString(true), DSA.ToXmlString(true)): a key value element holding
    // the private parameters (RSA's D, P, Q; DSA's X) as base64. A public key has only Modulus and Exponent.
    private static readonly string[] XmlKeyElements = { "<RSAKeyValue>", "<DSAKeyValue>" };
    private static readonly string[] XmlPrivateParameters = { "<D>", "<P>", "<Q>", "<X>" };

    private static bool FindXmlPrivateKey(string text)
    {
        foreach (var element in XmlKeyElements)
        {
            var start = text.IndexOf(element, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            foreach (var parameter in XmlPrivateParameters)
            {
                var open = text.IndexOf(parameter, start, StringComparison.Ordinal);
                if (open < 0)
                {
                    continue;
                }

                var body = open + parameter.Length;
                var length = 0;
                while (body + length < text.Length && IsBase64Char(text[body + length]))
                {
                    length++;
                }

                if (length >= 32 && body + length + 1 < text.Length && text[body + length] == '<' && text[body + length + 1] == '/'
                    && HasVariety(text, body, Math.Min(length, 200)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // --- JWT: three base64url parts whose header decodes to a JSON object naming "alg".
    private static bool FindJwt(string text)
    {
        for (var i = text.IndexOf("eyJ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("eyJ", i + 1, StringComparison.Ordinal))
        {
            if (!StartsToken(text, i))
            {
                continue;
            }

            var headerEnd = i;
            while (headerEnd < text.Length && IsUrlSafeBase64(text[headerEnd]))
            {
                headerEnd++;
            }

            if (headerEnd >= text.Length || text[headerEnd] != '.' || headerEnd - i > 2048)
            {
                continue;
            }

            var payloadEnd = headerEnd + 1;
            while (payloadEnd < text.Length && IsUrlSafeBase64(text[payloadEnd]))
            {
                payloadEnd++;
            }

            if (payloadEnd - headerEnd < 8 || payloadEnd >= text.Length || text[payloadEnd] != '.')
            {
                continue;
            }

            var signatureEnd = payloadEnd + 1;
            while (signatureEnd < text.Length && IsUrlSafeBase64(text[signatureEnd]))
            {
                signatureEnd++;
            }

            if (signatureEnd - payloadEnd < 16)
            {
                continue;
            }

            var header = DecodeBase64Url(text, i, headerEnd - i);
            if (header is not null && header.TrimStart().StartsWith("{", StringComparison.Ordinal)
                && header.IndexOf("\"alg\"", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string? DecodeBase64Url(string text, int start, int length)
    {
        var chars = new char[length + ((4 - (length % 4)) % 4)];
        for (var i = 0; i < chars.Length; i++)
        {
            if (i >= length)
            {
                chars[i] = '=';
                continue;
            }

            var c = text[start + i];
            chars[i] = c == '-' ? '+' : c == '_' ? '/' : c;
        }

        if (length % 4 == 1)
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64CharArray(chars, 0, chars.Length);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // --- character classes and token boundaries
    internal static bool IsBase62(char c) => ApiKeyFormat.Base62Value(c) >= 0;

    private static bool IsLowerOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

    private static bool IsUrlSafeBase64(char c) => IsBase62(c) || c == '-' || c == '_';

    private static bool IsBase64Char(char c) => IsBase62(c) || c == '+' || c == '/' || c == '=';

    private static bool StartsToken(string text, int i) => i == 0 || !(IsBase62(text[i - 1]) || text[i - 1] == '_');

    private static bool EndsToken(string text, int end) => end >= text.Length || !(IsBase62(text[end]) || text[end] == '_');

    private static bool EndsTokenUrlSafe(string text, int end) => end >= text.Length || !IsUrlSafeBase64(text[end]);

    private static int Base62Run(string text, int start)
    {
        var i = start;
        while (i < text.Length && IsBase62(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static bool AllBase62(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (!IsBase62(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigits(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase64(string value)
    {
        foreach (var c in value)
        {
            if (!IsBase64Char(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Rejects runs that are obviously not random: one repeated character, or "xxxx..." placeholders
    /// (fewer than 6 distinct characters over the run).
    /// </summary>
    internal static bool HasVariety(string text, int start, int length)
    {
        if (length <= 0 || start + length > text.Length)
        {
            return false;
        }

        Span<bool> seen = stackalloc bool[128];
        var distinct = 0;
        for (var i = start; i < start + length; i++)
        {
            var c = text[i];
            if (c < 128 && !seen[c])
            {
                seen[c] = true;
                distinct++;
            }
        }

        return distinct >= Math.Min(6, Math.Max(2, length / 4));
    }
}
