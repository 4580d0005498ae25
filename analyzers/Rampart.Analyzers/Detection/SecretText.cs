using System;

namespace Rampart.Analyzers.Detection;

/// <summary>Tests on a candidate secret value: placeholders, natural language, randomness.</summary>
internal static class SecretText
{
    /// <summary>Values that stand for "put your secret here" rather than being one.</summary>
    private static readonly string[] PlaceholderWords =
    {
        "changeme", "change-me", "change_me", "changeit", "password", "passwd", "pass", "pwd", "secret", "token",
        "apikey", "api-key", "api_key", "key", "value", "null", "none", "empty", "default", "example", "sample",
        "placeholder", "redacted", "removed", "hidden", "masked", "todo", "tbd", "fixme", "dummy", "fake",
        "test", "testing", "admin", "root", "guest", "user", "username", "letmein", "notasecret", "not-a-secret",
        "secretkey", "secret-key", "mysecret", "mypassword", "yourpassword", "your-password", "your_password",
        "yoursecret", "your-secret", "your_secret", "yourkey", "your-key", "your_key", "yourtoken", "your-token",
        "xxx", "***", "...",
    };

    private static readonly string[] PlaceholderMarkers =
    {
        "your-", "your_", "yourapi", "your ", "${", "$(", "{{", "replace", "insert", "enter-",
        "enter_", "placeholder", "changeme", "change-me", "change_me", "example", "xxxx", "****", "....",
        "todo", "fixme", "redacted", "dummy", "fake",
    };

    /// <summary>True for empty, blank, templated and "put your secret here" values.</summary>
    public static bool IsPlaceholder(string value)
    {
        var v = value.Trim();
        if (v.Length == 0)
        {
            return true;
        }

        // Format items and variables: "{0}", "{password}", "$PASSWORD", "%PASSWORD%", "#{Secret}#".
        if ((v[0] == '{' && v[v.Length - 1] == '}') || (v[0] == '$' && IsDollarReference(v)) || (v[0] == '#' && v.Length > 1 && v[1] == '{')
            || (v[0] == '[' && v[v.Length - 1] == ']') || (v[0] == '@' && v.Length > 1 && char.IsLetter(v[1]) && IsIdentifierLike(v.Substring(1))))
        {
            return true;
        }

        if (IsServiceReference(v) || IsReplacementToken(v))
        {
            return true;
        }

        // "<your key>", "%SECRET%": a name in angle brackets or percent signs.
        var open = v.IndexOf('<');
        if ((open >= 0 && v.IndexOf('>', open + 1) > open + 1) || (v.Length > 2 && v[0] == '%' && v[v.Length - 1] == '%'))
        {
            return true;
        }

        var lower = v.ToLowerInvariant();
        foreach (var word in PlaceholderWords)
        {
            if (lower == word)
            {
                return true;
            }
        }

        // "yourPassword", "yourWeak(!)Password": a value addressed to the reader is one to replace.
        if (lower.StartsWith("your", StringComparison.Ordinal) && v.Length > 4 && !char.IsLower(v[4]))
        {
            return true;
        }

        foreach (var marker in PlaceholderMarkers)
        {
            if (lower.IndexOf(marker, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        // One character repeated ("xxxxxxxx", "00000000").
        var same = true;
        for (var i = 1; i < v.Length && same; i++)
        {
            same = v[i] == v[0];
        }

        return same;
    }

    /// <summary>
    /// A token a release pipeline replaces before deployment: "__ORDERS_DB_PASSWORD__", "@@ApiKey@@"
    /// (a name between doubled underscores or at signs).
    /// </summary>
    private static bool IsReplacementToken(string v)
    {
        if (v.Length < 5 || !((v.StartsWith("__", StringComparison.Ordinal) && v.EndsWith("__", StringComparison.Ordinal))
            || (v.StartsWith("@@", StringComparison.Ordinal) && v.EndsWith("@@", StringComparison.Ordinal))))
        {
            return false;
        }

        var letter = false;
        for (var i = 2; i < v.Length - 2; i++)
        {
            var c = v[i];
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or ':'))
            {
                return false;
            }

            letter |= char.IsLetter(c);
        }

        return letter;
    }

    /// <summary>
    /// A value starting with '$' that is a reference, not a password: a variable ("$PASSWORD", "$env:API_KEY",
    /// "${DB_PASSWORD}", "$(Secret)"), or a crypt-style hash ("$2a$11$…", "$argon2id$v=19$…"). A generated
    /// password that merely starts with '$' ("$#n9oZNf_b_2jiEMqL1Ul#Ky") is none of these.
    /// </summary>
    private static bool IsDollarReference(string v)
    {
        if (v.Length == 1 || v[1] is '{' or '(')
        {
            return true;
        }

        var second = v.IndexOf('$', 1);
        if (second > 1 && second <= 12)
        {
            return true; // "$id$": the modular crypt format
        }

        if (!(char.IsLetter(v[1]) || v[1] == '_'))
        {
            return false;
        }

        for (var i = 2; i < v.Length; i++)
        {
            if (!(char.IsLetterOrDigit(v[i]) || v[i] is '_' or ':' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Prefixes of App Service references, resolved by the platform to the secret at run time.</summary>
    private static readonly string[] ServiceReferencePrefixes = { "@Microsoft.KeyVault(", "@Microsoft.AppConfiguration(" };

    /// <summary>
    /// True for a reference the hosting platform resolves to the secret ("@Microsoft.KeyVault(SecretUri=…)",
    /// "@Microsoft.KeyVault(VaultName=…;SecretName=…)", "@Microsoft.AppConfiguration(Endpoint=…; Key=…)"):
    /// the value names where the secret is kept, it is not the secret.
    /// </summary>
    public static bool IsServiceReference(string value)
    {
        var v = value.Trim();
        if (v.Length == 0 || v[v.Length - 1] != ')')
        {
            return false;
        }

        foreach (var prefix in ServiceReferencePrefixes)
        {
            if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && v.IndexOf(')') == v.Length - 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> reads as words rather than a secret: a sentence, a label,
    /// a prompt ("Please enter your password", "Invalid token.").
    /// </summary>
    public static bool IsNaturalLanguage(string value)
    {
        var words = 0;
        var letters = 0;
        var inWord = false;
        var spaces = 0;
        foreach (var c in value)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
            }
            else
            {
                inWord = false;
                if (c == ' ')
                {
                    spaces++;
                }
            }
        }

        // Two or more space-separated words, mostly letters: prose.
        return spaces >= 1 && words >= 2 && letters * 10 >= value.Length * 6;
    }

    /// <summary>Shannon entropy of <paramref name="value"/> in bits per character.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var counts = new System.Collections.Generic.Dictionary<char, int>();
        foreach (var c in value)
        {
            counts.TryGetValue(c, out var n);
            counts[c] = n + 1;
        }

        double entropy = 0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / value.Length;
            entropy -= p * Math.Log(p, 2);
        }

        return entropy;
    }

    /// <summary>
    /// True when <paramref name="value"/>, already known to be bound to a secret-named symbol, looks
    /// like a real secret: not a placeholder, not prose, not a path or URL, random enough.
    /// </summary>
    /// <summary>
    /// Base64 that happens to start with '/' ("/0+dt3MEBkL6pt/1Ow...="): at least 32 characters of the
    /// base64 alphabet in whole quads, with a '+' or '=' padding that paths do not have.
    /// </summary>
    private static bool IsBase64Blob(string value)
    {
        if (value.Length < 32 || value.Length % 4 != 0)
        {
            return false;
        }

        var plus = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '=' && i >= value.Length - 2)
            {
                continue;
            }

            if (!(char.IsLetterOrDigit(c) && c < 128) && c != '+' && c != '/')
            {
                return false;
            }

            plus |= c == '+';
        }

        return plus || value[value.Length - 1] == '=';
    }

    public static bool LooksLikeSecret(string value, double entropyThreshold, bool ignoreHexDigests)
    {
        if (value.Length < 6 || value.Length > 4096 || IsPlaceholder(value) || IsNaturalLanguage(value))
        {
            return false;
        }

        if (value.IndexOf(' ') >= 0 && value.Trim().IndexOf(' ') >= 0 && value.Length < 24)
        {
            // Short strings with spaces are labels more often than passphrases.
            return false;
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || (value.StartsWith("/", StringComparison.Ordinal) && !IsBase64Blob(value)) || value.StartsWith("~/", StringComparison.Ordinal)
            || value.StartsWith("./", StringComparison.Ordinal) || (value.Length > 2 && value[1] == ':' && value[2] == '\\')
            || PathShapes.IsPath(value) || ProtocolIdentifierShapes.IsProtocolIdentifier(value))
        {
            return false;
        }

        if (IsIdentifierLike(value) && HasWordShape(value))
        {
            // "ApiKey", "X-Api-Key", "Authorization", "refresh_token": names, not values.
            return false;
        }

        if (value[0] == '\\' && IsIdentifierLike(value.Substring(1)) && HasWordShape(value.Substring(1)))
        {
            // "\\Answered", "\\Seen": a protocol's flag or a markup command, a word behind a backslash.
            return false;
        }

        if (IsMarkedName(value))
        {
            // "-@slack", "Version=", "--verbose": one word behind a sigil or before a key separator.
            return false;
        }

        if (IsDummy(value) || IsNamingSlug(value) || IsCountedFiller(value) || IsDottedCapitalName(value) || CiphertextFormats.Matches(value))
        {
            return false;
        }

        if (ignoreHexDigests && IsHexDigest(value))
        {
            return false;
        }

        // The best entropy a string of this length can reach is log2(length); short passwords get a
        // threshold relative to that so "P@ssw0rd1" counts while "aaaabbbb" does not. A threshold
        // raised in the configuration raises that relative threshold by as much.
        var shift = entropyThreshold - Options.RampartAnalyzerOptions.DefaultEntropyThreshold;
        var required = Math.Min(entropyThreshold, Math.Log(value.Length, 2) - 0.7 + shift);
        return Entropy(value) >= required && CharacterClasses(value) >= 2;
    }

    /// <summary>Words a made-up value adds to its name's own words ("my@consumer!key", "the-api-key").</summary>
    private static readonly string[] NameFillerWords = { "my", "your", "the", "a", "some", "test", "fake", "dummy", "sample", "example" };

    /// <summary>
    /// A value spelled from the name it is bound to: only letters of whole words, joined by symbols or
    /// case changes, two or more of them the name's own words and the rest filler
    /// (<c>ConsumerKey = "my@consumer!key"</c>, <c>ApiSecret = "Api-Secret!"</c>). It names itself; a
    /// value with a digit or a word of its own is judged by its randomness.
    /// </summary>
    public static bool IsSpelledFromName(string value, string name)
    {
        if (value.Length > 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsDigit(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        var nameWords = NameTokenizer.Split(name);
        var named = 0;
        foreach (var word in NameTokenizer.Split(value))
        {
            if (nameWords.Contains(word))
            {
                named++;
            }
            else if (Array.IndexOf(NameFillerWords, word) < 0)
            {
                return false;
            }
        }

        return named >= 2;
    }

    /// <summary>Characters that mark a name as a key, an option or a handle when they stand before it.</summary>
    private const string NameSigils = "-@#._:/";

    /// <summary>
    /// One word with a sigil before it or a key separator after it: a dictionary key ("-@slack"), the key a
    /// parser looks for in "k=v" text ("Version=", "Profile="), an option ("--verbose"). It names where a
    /// value goes; a generated secret is never one word and punctuation, and a word with a digit, a second
    /// word or a symbol inside ("-@s1ack", "#Correct-Horse") is judged as a value.
    /// </summary>
    public static bool IsMarkedName(string value)
    {
        var start = 0;
        while (start < value.Length && start < 3 && NameSigils.IndexOf(value[start]) >= 0)
        {
            start++;
        }

        var end = value.Length;
        if (end > start && value[end - 1] is '=' or ':')
        {
            end--;
        }

        if ((start == 0 && end == value.Length) || end - start < 3)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (value[i] is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z')))
            {
                return false;
            }
        }

        var word = value.Substring(start, end - start);
        return NameTokenizer.Split(word).Count == 1 && HasWordShape(word);
    }

    /// <summary>Common words behind the dummy passwords of tests and samples.</summary>
    private static readonly string[] DummyWords =
    {
        "password", "passw", "pass", "secret", "admin", "welcome", "qwerty", "letmein", "changeme", "test", "iloveyou", "abc", "key",
        "privatekey", "token", "apikey",
    };

    /// <summary>
    /// Test and sample dummies: words with a short counter ("card_token_123", "privatekey1",
    /// "ABC123") and spellings of a dummy word with digits and symbols ("P@ssw0rd", "Passw0rd!").
    /// </summary>
    public static bool IsDummy(string value)
    {
        if (IsIdentifierLike(value))
        {
            var parts = NameTokenizer.Split(value);
            var digitParts = 0;
            var wordParts = 0;
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (char.IsDigit(part[0]))
                {
                    // One counter, at the end, of at most four digits.
                    if (++digitParts > 1 || i != parts.Count - 1 || part.Length > 4)
                    {
                        wordParts = -1;
                        break;
                    }
                }
                else if (IsWordLike(part))
                {
                    wordParts++;
                }
                else
                {
                    wordParts = -1;
                    break;
                }
            }

            // Random mixed-case text splits into many one- and two-letter runs ("nqUuKvB_LzD8" → nq, uu, kv, b, lz, d, 8):
            // no words with a counter, but a generated password.
            var shortParts = 0;
            foreach (var part in parts)
            {
                shortParts += part.Length <= 2 && !char.IsDigit(part[0]) ? 1 : 0;
            }

            if (wordParts > 0 && digitParts == 1 && !(wordParts >= 4 && shortParts * 3 > wordParts))
            {
                return true;
            }
        }

        return IsDummyWord(value);
    }

    /// <summary>Words that, spelled out in a lower-case slug, make it a name or a fixture's label rather than a secret.</summary>
    private static readonly string[] NamingSlugWords =
    {
        "password", "passwd", "pwd", "secret", "token", "key", "apikey", "auth", "credential", "credentials",
        "test", "dummy", "fake", "sample", "example", "mock", "stub", "valid", "invalid",
    };

    /// <summary>
    /// A lower-case slug of words that says what it is: a feature flag, a setting's or a vault entry's
    /// name, a fixture's label ("pm-27581-device-auth-key", "orders-db-password", "test_key_12345",
    /// "valid-recovery-code-12345"). Generated secrets are not spelled in words, and one that is
    /// ("correct-horse-battery-staple") does not name itself.
    /// </summary>
    public static bool IsNamingSlug(string value)
    {
        if (value.Length > 100 || (value.IndexOf('-') < 0 && value.IndexOf('_') < 0))
        {
            return false;
        }

        var names = false;
        foreach (var segment in value.Split('-', '_'))
        {
            var letters = 0;
            while (letters < segment.Length && segment[letters] >= 'a' && segment[letters] <= 'z')
            {
                letters++;
            }

            if (letters == 0 && IsCountingRun(segment))
            {
                // Filler counted out to a length ("12345678901234567890", "0123456789abcdef").
                continue;
            }

            var digits = segment.Length - letters;
            for (var i = letters; i < segment.Length; i++)
            {
                if (segment[i] < '0' || segment[i] > '9')
                {
                    return false;
                }
            }

            // A ticket number or counter ("27581", "12345"), or a word with a short counter ("user2").
            if (letters == 0 ? digits == 0 || digits > 6 : digits > 4 || !IsWordLike(segment.Substring(0, letters)))
            {
                return false;
            }

            names |= letters > 0 && Array.IndexOf(NamingSlugWords, segment.Substring(0, letters)) >= 0;
        }

        return names;
    }

    /// <summary>Digits (and hex digits) counted up one by one: "34567", "1234567890123", "0123456789abcdef".</summary>
    private static bool IsCountingRun(string segment)
    {
        const string Counting = "0123456789abcdef";
        if (segment.Length < 3 || Counting.IndexOf(segment[0]) < 0)
        {
            return false;
        }

        for (var i = 1; i < segment.Length; i++)
        {
            var previous = Counting.IndexOf(segment[i - 1]);
            var next = segment[i];
            // After 9 comes 0 (decimal) or a (hex); after f comes 0.
            if (!(next == Counting[(previous + 1) % Counting.Length] || (segment[i - 1] == '9' && next == '0')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Filler counted out on the keyboard's rows of digits and letters, up or down, in runs of three
    /// or more, with separators between them: "1234567890abcdefghijklmnopqrstuvwxyz1234", "1234-ABCD",
    /// "abcdef-987654". A test's deliberately wrong or placeholder value; nothing generated looks so.
    /// </summary>
    public static bool IsCountedFiller(string value)
    {
        if (value.Length < 8 || value.Length > 256)
        {
            return false;
        }

        var runs = 0;
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] is '-' or '_' or '.' or ':' or ' ')
            {
                i++;
                continue;
            }

            var start = i;
            var step = 0;
            i++;
            while (i < value.Length && Successor(value[i - 1], value[i]) is var next and not 0 && (step == 0 || next == step))
            {
                step = next;
                i++;
            }

            if (i - start < 3)
            {
                return false;
            }

            runs++;
        }

        return runs > 0 && runs <= 4;
    }

    /// <summary>
    /// A protocol's or a format's name in capitals, in parts joined by dots, each part letters with
    /// at most a short number after them: "RFC822.SIZE", "BODY.PEEK", "X509.V3". Keys are not dotted.
    /// </summary>
    public static bool IsDottedCapitalName(string value)
    {
        if (value.Length > 64 || value.IndexOf('.') <= 0 || value[value.Length - 1] == '.')
        {
            return false;
        }

        foreach (var part in value.Split('.'))
        {
            var letters = 0;
            while (letters < part.Length && part[letters] is >= 'A' and <= 'Z')
            {
                letters++;
            }

            if (letters == 0 || part.Length - letters > 4)
            {
                return false;
            }

            for (var i = letters; i < part.Length; i++)
            {
                if (part[i] is < '0' or > '9')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>+1 when <paramref name="next"/> counts up from <paramref name="previous"/> (9 then 0 too), -1 when down, else 0.</summary>
    private static int Successor(char previous, char next)
    {
        int Rank(char c) => c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? 100 + c - 'a' : c is >= 'A' and <= 'Z' ? 100 + c - 'A' : -1000;
        var (a, b) = (Rank(previous), Rank(next));
        if (a < 0 || b < 0)
        {
            return 0;
        }

        return b - a == 1 || (a == 9 && b == 0) ? 1 : a - b == 1 || (a == 0 && b == 9) ? -1 : 0;
    }

    /// <summary>A dummy word spelled with look-alike characters and a short tail ("P@ssw0rd", "Password12!").</summary>
    public static bool IsDummyWord(string value)
    {
        // "P@ssw0rd1!" → "password": trailing digits and symbols dropped, look-alike characters mapped back.
        var end = value.Length;
        while (end > 0 && !char.IsLetter(value[end - 1]))
        {
            end--;
        }

        if (end < 4 || value.Length - end > 3)
        {
            return false;
        }

        var chars = new char[end];
        for (var i = 0; i < end; i++)
        {
            var c = char.ToLowerInvariant(value[i]);
            chars[i] = c switch { '@' => 'a', '4' => 'a', '0' => 'o', '$' => 's', '5' => 's', '3' => 'e', '1' => 'i', '!' => 'i', '7' => 't', _ => c };
        }

        // "testpassword", "testsecret": a dummy word named as the test's own.
        var word = new string(chars);

        // "passwor", "passwo": the word "password" cut short.
        if (word.Length >= 5 && "password".StartsWith(word, StringComparison.Ordinal) && value.Length == end)
        {
            return true;
        }

        // "eclairpassword", "bitcoinrpcpassword", "dbpassword": a lower-case word that names itself as the
        // password of something, written where the password goes in an example.
        if (value.Length == end && word.Length > 8 && word.Length <= 24 && word.EndsWith("password", StringComparison.Ordinal) && IsLowerLetters(value))
        {
            return true;
        }

        if (word.StartsWith("test", StringComparison.Ordinal) && word.Length > 4)
        {
            word = word.Substring(4);
        }

        // "pass%word", "pass\\word": a dummy word with one or two symbols typed inside it, as tests
        // spell a password that must be escaped or quoted on the wire.
        var letters = StripInnerSymbols(word);
        foreach (var dummy in DummyWords)
        {
            if (word == dummy || (letters is not null && letters == dummy))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The word without the one or two symbols inside it, or null when it has none or more.</summary>
    private static string? StripInnerSymbols(string word)
    {
        var symbols = 0;
        foreach (var c in word)
        {
            symbols += c is >= 'a' and <= 'z' ? 0 : char.IsDigit(c) ? 3 : 1;
        }

        if (symbols is 0 or > 2)
        {
            return null;
        }

        var kept = new System.Text.StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z')
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    private static bool IsLowerLetters(string value)
    {
        foreach (var c in value)
        {
            if (c < 'a' || c > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A lower-case word part: it has a vowel, or is a short abbreviation.</summary>
    private static bool IsWordLike(string part)
    {
        if (part.Length > 14)
        {
            return false;
        }

        foreach (var c in part)
        {
            if ("aeiouy".IndexOf(c) >= 0)
            {
                return true;
            }
        }

        return part.Length <= 3;
    }

    private static bool IsHexDigest(string value)
    {
        if (value.Length != 32 && value.Length != 40 && value.Length != 64 && value.Length != 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }

    private static int CharacterClasses(string value)
    {
        bool lower = false, upper = false, digit = false, other = false;
        foreach (var c in value)
        {
            if (c >= 'a' && c <= 'z')
            {
                lower = true;
            }
            else if (c >= 'A' && c <= 'Z')
            {
                upper = true;
            }
            else if (c >= '0' && c <= '9')
            {
                digit = true;
            }
            else if (c != '-' && c != '_' && c != '.')
            {
                // Separators do not make text random: "-behindthescenes" is one class, not two.
                other = true;
            }
        }

        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    private static bool IsIdentifierLike(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the value is made of dictionary-shaped words: every segment between separators or
    /// case changes has a vowel and no digits ("Authorization", "X-Api-Key", "ConnectionStrings:Default").
    /// </summary>
    private static bool HasWordShape(string value)
    {
        var parts = NameTokenizer.Split(value);
        if (parts.Count == 0)
        {
            return false;
        }

        // Random mixed-case text splits into many one- and two-letter runs ("kQzTaBxY" → k, qz, ta, bx, y);
        // names of words do not.
        var shortParts = 0;
        foreach (var part in parts)
        {
            if (part.Length <= 2)
            {
                shortParts++;
            }
        }

        if (parts.Count >= 4 && shortParts * 3 > parts.Count)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length > 14)
            {
                return false;
            }

            var vowel = false;
            foreach (var c in part)
            {
                if (c >= '0' && c <= '9')
                {
                    return false;
                }

                vowel |= "aeiouy".IndexOf(char.ToLowerInvariant(c)) >= 0;
            }

            if (!vowel && part.Length > 3)
            {
                return false;
            }
        }

        return true;
    }
}
