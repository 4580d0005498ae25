using System;
using System.Collections.Generic;

namespace Rampart.Analyzers.Detection;

/// <summary>Decides whether a symbol or configuration key names a secret.</summary>
internal static class SecretNames
{
    /// <summary>Words that name a secret on their own.</summary>
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "password", "passwords", "passwd", "pwd", "passphrase", "pass", "secret", "secrets", "token", "tokens", "credential",
        "credentials", "apikey", "apikeys", "secretkey", "accesskey", "privatekey", "signingkey", "encryptionkey",
        "masterkey", "pat", "bearer", "sas", "saskey", "hmackey", "connectionpassword",
    };

    /// <summary>Words that make a following "key" a secret ("api key", "signing key", "account key").</summary>
    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal)
    {
        "api", "access", "secret", "private", "signing", "sign", "encryption", "encrypt", "master", "auth",
        "account", "shared", "subscription", "app", "application", "license", "licence", "hmac", "jwt",
        "symmetric", "crypto", "aes", "storage", "primary", "secondary", "service", "webhook", "admin", "client",
        "session", "cipher", "decryption", "validation", "machine", "sas", "consumer", "integration",
    };

    /// <summary>Words that may follow the secret word and still name the value itself.</summary>
    private static readonly HashSet<string> ValueSuffixes = new(StringComparer.Ordinal)
    {
        "value", "str", "string", "text", "bytes", "base64", "b64", "hex", "raw", "plain", "plaintext", "literal",
        "const", "default", "v1", "v2", "1", "2", "3", "live", "prod", "production", "dev", "staging", "old", "new",
        // Encodings and containers of the same value: "PrivateKeyBase64", "SigningKeyPem", "ApiKeyBytes".
        "base32", "utf8", "ascii", "pem", "der", "encoded", "array", "buffer", "bin",
    };

    /// <summary>Words before the secret word that make it a non-secret ("publicKey", "pageToken", "csrfToken").</summary>
    private static readonly HashSet<string> NonSecretQualifiers = new(StringComparer.Ordinal)
    {
        "public", "csrf", "xsrf", "antiforgery", "forgery", "cancellation", "continuation", "page", "paging",
        "next", "sync", "resume", "usersecrets", "user_secrets", "keyvault", "vault", "foreign", "primary_key",
        "idempotency", "cache", "lookup", "sort", "partition", "row", "correlation", "trace", "nonce", "state",
        "fake", "dummy", "sample", "example", "placeholder", "mock",
        // Names that say the value is already made safe: not the secret itself.
        "redacted", "masked", "mask", "hashed", "hash", "truncated", "encrypted", "enc", "wrapped", "protected",
        "obfuscated", "sanitized", "scrubbed",
    };

    /// <summary>
    /// True when <paramref name="name"/> names a secret: it contains a secret word (or a qualified
    /// "key") and nothing after it turns it into something else ("passwordPolicy", "tokenEndpoint",
    /// "apiKeyHeaderName"). <paramref name="extraWords"/> come from the <c>.editorconfig</c>.
    /// </summary>
    public static bool IsSecretName(string? name, IReadOnlyCollection<string> extraWords)
    {
        if (name is null || name.Length < 3 || name.Length > 200)
        {
            return false;
        }

        var words = JoinDigits(NameTokenizer.Split(name));
        var secretAt = -1;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (SecretWords.Contains(w) || ((w == "key" || w == "keys") && i > 0 && KeyQualifiers.Contains(words[i - 1])) || Contains(extraWords, w))
            {
                secretAt = i;
            }
            else if (i > 0 && (w == "key" || w == "keys") && words[i - 1] == "secret")
            {
                secretAt = i;
            }
        }

        if (secretAt < 0)
        {
            // "user secrets id", "key vault name": no secret word at all, so nothing to do.
            return false;
        }

        for (var i = secretAt + 1; i < words.Count; i++)
        {
            if (!ValueSuffixes.Contains(words[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < secretAt; i++)
        {
            if (NonSecretQualifiers.Contains(words[i]))
            {
                return false;
            }
        }

        // "pass" alone is ambiguous ("bypass", "passThrough" were split off above): require it to be
        // the whole name or prefixed by a user/db/admin word.
        var secretWord = words[secretAt];
        if (secretWord == "pass" && !(words.Count == 1 || (secretAt > 0 && (words[secretAt - 1] == "user" || words[secretAt - 1] == "db" || words[secretAt - 1] == "admin"))))
        {
            return false;
        }

        // "pat" alone is ambiguous (a path, a pattern); only "github pat", "personal access token"-like names.
        if (secretWord == "pat" && !(secretAt > 0 && (words[secretAt - 1] == "github" || words[secretAt - 1] == "azure" || words[secretAt - 1] == "devops")))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The tokenizer splits letters from digits ("base64" → base, 64); a digit run joins the word
    /// before it again, so encodings and versions ("base64", "utf8", "v2") read as one word.
    /// </summary>
    private static List<string> JoinDigits(List<string> words)
    {
        for (var i = words.Count - 1; i > 0; i--)
        {
            if (char.IsDigit(words[i][0]) && !char.IsDigit(words[i - 1][0]) && ValueSuffixes.Contains(words[i - 1] + words[i]))
            {
                words[i - 1] += words[i];
                words.RemoveAt(i);
            }
        }

        return words;
    }

    private static bool Contains(IReadOnlyCollection<string> words, string word)
    {
        foreach (var w in words)
        {
            if (string.Equals(w, word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
