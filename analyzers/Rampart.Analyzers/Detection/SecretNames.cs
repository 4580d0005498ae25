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
        // A pepper is the secret half of a keyed hash; Redis names its passwords requirepass and masterauth.
        "pepper", "peppers", "requirepass", "masterauth",
    };

    /// <summary>Words before "pass" that make it a password ("userPass", "DB_PASS", "RABBITMQ_DEFAULT_PASS", "SMTP_PASS").</summary>
    private static readonly HashSet<string> PassOwners = new(StringComparer.Ordinal)
    {
        "user", "db", "admin", "default", "root", "smtp", "ftp", "sftp", "mail", "login", "account", "proxy", "ssh",
    };

    /// <summary>Words before "pat" that make it a personal access token ("GitHubPat", "AzureDevOpsPat", "FeedPat").</summary>
    private static readonly HashSet<string> PatOwners = new(StringComparer.Ordinal)
    {
        "github", "azure", "devops", "ado", "vsts", "gitlab", "feed", "nuget", "npm", "registry", "artifacts",
    };

    /// <summary>Words that make a following "key" a secret ("api key", "signing key", "account key").</summary>
    private static readonly HashSet<string> KeyQualifiers = new(StringComparer.Ordinal)
    {
        "api", "access", "secret", "private", "signing", "sign", "encryption", "encrypt", "master", "auth",
        "account", "shared", "subscription", "app", "application", "license", "licence", "hmac", "jwt",
        "symmetric", "crypto", "aes", "storage", "primary", "secondary", "service", "webhook", "admin", "client",
        "session", "cipher", "decryption", "validation", "machine", "sas", "consumer", "integration",
        // An Azure Functions function key ("x-functions-key", "FunctionKey").
        "function", "functions",
    };

    /// <summary>Words that may follow the secret word and still name the value itself.</summary>
    private static readonly HashSet<string> ValueSuffixes = new(StringComparer.Ordinal)
    {
        "value", "str", "string", "text", "bytes", "base64", "b64", "hex", "raw", "plain", "plaintext", "literal",
        "const", "default", "v1", "v2", "1", "2", "3", "live", "prod", "production", "dev", "staging", "old", "new",
        // Encodings and containers of the same value: "PrivateKeyBase64", "SigningKeyPem", "ApiKeyBytes".
        "base32", "utf8", "ascii", "pem", "der", "encoded", "array", "buffer", "bin",
        // "PasswordClear" (Hangfire's dashboard filter), "PasswordCleartext": the plain text itself; "chars" as a char[] of it.
        "clear", "cleartext", "chars",
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
            // "WebhookSecretFor(tenant)", "PasswordForAdmin": what follows "for" says whose secret it is.
            if (words[i] == "for")
            {
                break;
            }

            if (!ValueSuffixes.Contains(words[i]))
            {
                return false;
            }
        }

        // A qualifier turns the secret word into something else within its own segment only: "cacheKey" is
        // no secret, while the password of a service or section called "cache" ("Cache:Redis:Password",
        // "services:cache:environment:REDIS_PASSWORD") is one.
        for (var i = SegmentStart(name, words, secretAt); i < secretAt; i++)
        {
            if (NonSecretQualifiers.Contains(words[i]))
            {
                return false;
            }
        }

        // "pass" alone is ambiguous ("bypass", "passThrough", "secondPass", "boardingPass"): require it to
        // be the whole name or to follow a word that owns a password.
        var secretWord = words[secretAt];
        if (secretWord == "pass" && !(words.Count == 1 || (secretAt > 0 && PassOwners.Contains(words[secretAt - 1]))))
        {
            return false;
        }

        // "pat" alone is ambiguous (a path, a pattern); only "github pat", "personal access token"-like names,
        // and the PAT of a package feed or registry ("FeedPat", "NuGetPat").
        if (secretWord == "pat" && !(secretAt > 0 && PatOwners.Contains(words[secretAt - 1])))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// The index of the first word of the configuration path segment (after the last ':' or "__" before it)
    /// that holds the word at <paramref name="at"/>; 0 for a name with one segment.
    /// </summary>
    private static int SegmentStart(string name, List<string> words, int at)
    {
        var separator = Math.Max(name.LastIndexOf(':'), name.LastIndexOf("__", StringComparison.Ordinal));
        if (separator < 0)
        {
            return 0;
        }

        // The words of the last segment are the last words of the name; a secret word before them is in an
        // earlier segment, whose qualifiers are not separated out here.
        var last = JoinDigits(NameTokenizer.Split(name.Substring(separator + 1))).Count;
        var start = words.Count - last;
        return at >= start ? start : 0;
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
