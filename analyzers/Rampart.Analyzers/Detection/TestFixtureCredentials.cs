using System;
using System.Collections.Generic;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Credentials that, inside a test project, are the test's own fixtures: passphrases a person made
/// up for a certificate, a vault or a database the test creates ("Alongside-Unworthy-Query3-Cozy",
/// "SuperSecretP@ssw0rd!", "H4rd2Gu3ss!"), and connection strings that hold one and point at the
/// machine itself. Random-looking values, provider tokens, private keys and credentials of other
/// hosts are not fixtures by this measure, in test projects or elsewhere.
/// </summary>
internal static class TestFixtureCredentials
{
    /// <summary>
    /// Letter pairs that (almost) never occur inside English words: found in fewer than ten of about
    /// 16,000 English word types. Random letters hit one of them every few characters; words do not.
    /// </summary>
    private const string RarePairs = "bfbhbkbqbvbwbxbzcjdqdxdzfbfhfjfkfqfvfwfxfzgjgkgqgvgxgzhbhchfhghhhjhqhvhxhziwjfjgjhjjjkjljqjrjtjvjwjxjyjzkbkckjkqkvkwkxkzljlqlxmhmjmqmvmxmznqnxoqpbpjpqpvpxpzqaqbqcqdqeqfqgqhqiqjqkqmqnqoqpqqqrqsqvqwqxqyqzrqrxsxtqujuqvbvdvfvhvjvkvnvqvuvvvwvxvyvzwbwfwgwjwkwpwqwtwuwvwwwxwywzxbxfxgxjxkxnxqxrxuxvxwxzyhyjyqyvyxyyyzzbzczdzfzgzjzkznzpzqzrztzvzwzx";

    /// <summary>
    /// True when <paramref name="value"/> is made of words a person would type: lower-case or
    /// capitalised words (after look-alike characters are read back: "P@ssw0rd" is "Password") that
    /// are spelled like English, with at most two short numbers and three symbols between them.
    /// Generated secrets are not: their letter runs are short, change case inside, pile up
    /// consonants or hold letter pairs English words do not have.
    /// </summary>
    public static bool IsHumanMadePassphrase(string value)
    {
        if (value.Length < 6 || value.Length > 64 || LooksHex(value))
        {
            return false;
        }

        if (IsKeyboardWalk(value))
        {
            return true;
        }

        var text = ReadBackLookAlikes(value);
        int letters = 0, words = 0, shortWords = 0, longest = 0, numbers = 0, symbols = 0;
        var counted = false;
        foreach (var (start, length, kind) in Segments(text))
        {
            switch (kind)
            {
                case SegmentKind.Letters:
                    if (!IsSpelledLikeAWord(text, start, length))
                    {
                        return false;
                    }

                    // One short word, and only first ("My", "no"): short runs in the middle are random's.
                    if (length <= 2 && (++shortWords > 1 || !OnlyDigitsBefore(text, start)))
                    {
                        return false;
                    }

                    words++;
                    letters += length;
                    longest = Math.Max(longest, length);
                    break;
                case SegmentKind.Digits:
                    // A short number or a counting run ("2", "2024", "12345") at a word's edge:
                    // "Hard2Guess", "Query3-Cozy", "Password12"; digits inside lower-case text are random's.
                    var after = start + length;
                    if ((length > 4 && !IsCountingRun(text, start, length)) || ++numbers > 2
                        || (start > 0 && after < text.Length && text[after] is >= 'a' and <= 'z'))
                    {
                        return false;
                    }

                    counted |= length >= 3 && IsCountingRun(text, start, length);

                    break;
                default:
                    for (var i = start; i < start + length; i++)
                    {
                        symbols += text[i] is '-' or '_' or '.' or ' ' ? 0 : 1;
                    }

                    break;
            }
        }

        // One capitalised four-letter word and a counted number ("Pass123$", "Test1234!"): the dummy
        // password tests type; a generated value has no counting run after a word.
        var dummy = words == 1 && longest == 4 && counted && text[0] is >= 'A' and <= 'Z';
        return words <= 8 && symbols <= 3 && (longest >= 5 || dummy) && letters * 2 >= value.Length;
    }

    /// <summary>Words a fixture's or a tutorial's key uses to say what it is.</summary>
    private static readonly string[] LabelWords =
    {
        "jwt", "token", "refresh", "secret", "key", "password", "signing", "sign", "access", "api", "auth", "test", "testing", "fake", "dummy",
        "sample", "example", "demo", "secured", "secure", "private", "hmac", "bearer", "client", "issuer", "audience", "unit", "mock",
    };

    /// <summary>
    /// True when two thirds or more of <paramref name="value"/>'s characters are words or a counted number, one of
    /// the words saying what it is ("JWTRefreshTokenHIGHsecuredPasswordVVVp1OH7Xzyr": JWT, Refresh, Token, HIGH,
    /// secured, Password, then a short random-looking tail; "Totallywrongpassword1234"). Generated secrets hold few
    /// letter runs that read as words.
    /// </summary>
    public static bool IsSelfDescribingLabel(string value)
    {
        if (value.Length < 16 || value.Length > 128)
        {
            return false;
        }

        var lower = value.ToLowerInvariant();
        int worded = 0;
        var names = false;
        var i = 0;
        while (i < value.Length)
        {
            if (!IsAsciiLetter(value[i]))
            {
                // Digits counted up ("1234", "1234567890") are filler typed to reach a length, as words are.
                var digits = i;
                while (digits < value.Length && value[digits] is >= '0' and <= '9')
                {
                    digits++;
                }

                if (digits - i >= 3 && IsCountingRun(value, i, digits - i))
                {
                    worded += digits - i;
                    i = digits;
                    continue;
                }

                i = Math.Max(i + 1, digits);
                continue;
            }

            // A piece of capitals then small letters ("HIGHsecured", "JWTRefresh" is "JWT" then "Refresh"): read as
            // the capitals and the small letters, or as all but the last capital and a capitalised word, whichever
            // holds more words.
            var start = i;
            while (i < value.Length && value[i] is >= 'A' and <= 'Z')
            {
                i++;
            }

            var capitals = i - start;
            while (i < value.Length && value[i] is >= 'a' and <= 'z')
            {
                i++;
            }

            var smalls = i - start - capitals;
            var split = Words(lower, start, capitals, ref names) + Words(lower, start + capitals, smalls, ref names);
            var shifted = capitals >= 2 && smalls > 0
                ? Words(lower, start, capitals - 1, ref names) + Words(lower, start + capitals - 1, smalls + 1, ref names)
                : -1;
            worded += Math.Max(split, shifted);
        }

        return names && worded * 3 >= value.Length * 2;
    }

    /// <summary>How many of the characters of a letter run are a word (a label word, or four or more letters spelled like English).</summary>
    private static int Words(string lower, int start, int length, ref bool names)
    {
        if (length == 0)
        {
            return 0;
        }

        if (Array.IndexOf(LabelWords, lower.Substring(start, length)) >= 0)
        {
            names = true;
            return length;
        }

        // Words run together with no case between them ("totallywrongpassword", "invalidtoken"): a label word
        // inside, and on each side of it nothing or a word spelled like English.
        foreach (var label in LabelWords)
        {
            var at = label.Length >= 5 ? lower.IndexOf(label, start, length, StringComparison.Ordinal) : -1;
            var after = at + label.Length;
            if (at >= 0 && IsWordOrNothing(lower, start, at - start) && IsWordOrNothing(lower, after, start + length - after))
            {
                names = true;
                return length;
            }
        }

        return length >= 4 && IsSpelledLikeAWord(lower, start, length) ? length : 0;
    }

    private static bool IsWordOrNothing(string lower, int start, int length)
        => length == 0 || (length >= 3 && (Array.IndexOf(LabelWords, lower.Substring(start, length)) >= 0 || IsSpelledLikeAWord(lower, start, length)));

    /// <summary>The keys of a US keyboard's four character rows; the shifted digits stand for their keys.</summary>
    private static readonly string[] KeyboardRows = { "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm" };

    private const string ShiftedDigits = "!@#$%^&*()";

    /// <summary>
    /// A walk over the keyboard a person types as a password ("1q2w3e$R", "qwerty123!", "1qaz2wsx",
    /// "asdf1234"): six or more keys in one or two runs of at least three neighbouring keys (along a
    /// row, down a column or zigzagging between two rows; shifted keys count as their keys), with at
    /// most two symbols in all and at most two digits or symbols after the last run ("zxcvbnm1!").
    /// Random text seldom holds three neighbouring keys in a row, and almost never only such runs.
    /// </summary>
    public static bool IsKeyboardWalk(string value)
    {
        if (value.Length < 6 || value.Length > 32)
        {
            return false;
        }

        int symbols = 0, walked = 0, runs = 0, runStart = 0, previousRow = -1, previousColumn = -1, beforeRow = -1, beforeColumn = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var (row, column) = i < value.Length ? KeyOf(value[i]) : (-1, -1);
            if (i < value.Length && !char.IsLetterOrDigit(value[i]) && ++symbols > 2)
            {
                return false;
            }

            // A walk moves on: back to the key just left ("pop") is no step of it.
            if (row >= 0 && previousRow >= 0 && AreNeighbours(previousRow, previousColumn, row, column) && !(row == beforeRow && column == beforeColumn))
            {
                beforeRow = previousRow;
                beforeColumn = previousColumn;
                previousRow = row;
                previousColumn = column;
                continue;
            }

            // A run ends: three keys or more walk; a shorter one may only be symbols ("qwerty123!"), or
            // end the value with digits and symbols ("zxcvbnm1!").
            var length = i - runStart;
            if (length >= 3)
            {
                walked += length;
                runs++;
            }
            else if (!OnlySymbols(value, runStart, length, digits: false) && !(value.Length - runStart <= 2 && OnlySymbols(value, runStart, value.Length - runStart, digits: true)))
            {
                return false;
            }

            runStart = i;
            beforeRow = -1;
            beforeColumn = -1;
            previousRow = row;
            previousColumn = column;
        }

        return walked >= 6 && runs <= 2;
    }

    private static bool OnlySymbols(string value, int start, int length, bool digits)
    {
        for (var i = start; i < start + length; i++)
        {
            if (char.IsLetter(value[i]) || (!digits && char.IsDigit(value[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static (int Row, int Column) KeyOf(char c)
    {
        var shifted = ShiftedDigits.IndexOf(c);
        if (shifted >= 0)
        {
            return (0, shifted);
        }

        c = char.ToLowerInvariant(c);
        for (var row = 0; row < KeyboardRows.Length; row++)
        {
            var column = KeyboardRows[row].IndexOf(c);
            if (column >= 0)
            {
                return (row, column);
            }
        }

        return (-1, -1);
    }

    /// <summary>Keys that touch: side by side in a row, or in the next row under it (which is shifted half a key to the right).</summary>
    private static bool AreNeighbours(int row, int column, int nextRow, int nextColumn)
        => nextRow == row ? Math.Abs(nextColumn - column) == 1
            : nextRow == row + 1 ? nextColumn == column || nextColumn == column - 1
            : nextRow == row - 1 && (nextColumn == column || nextColumn == column + 1);

    /// <summary>
    /// True when every credential in a connection string, URI or Redis configuration is a made-up
    /// passphrase and every host it names is this machine (<c>localhost</c>, a loopback address,
    /// <c>(local)</c>, LocalDB, Docker's host name): a test's own database or broker.
    /// </summary>
    public static bool IsLocalFixture(string text)
    {
        if (text.IndexOf("://", StringComparison.Ordinal) > 0)
        {
            return IsLocalUriFixture(text);
        }

        if (text.IndexOf('=') < 0)
        {
            return false;
        }

        var separator = text.IndexOf(';') >= 0 || text.IndexOf(',') < 0 ? ';' : ',';
        var hosts = 0;
        var passwords = 0;
        var parts = text.Split(separator);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                // Redis: the first option is the endpoint ("localhost:6379,password=...").
                if (separator == ',' && i == 0 && part.Trim().Length > 0)
                {
                    if (!IsLocalHost(part))
                    {
                        return false;
                    }

                    hosts++;
                }

                continue;
            }

            var key = part.Substring(0, equals).Trim().ToLowerInvariant();
            var value = Unquote(part.Substring(equals + 1).Trim());
            if (key is "server" or "host" or "data source" or "datasource" or "addr" or "address" or "network address" or "hostname" or "endpoint")
            {
                // "host1,host2" (Npgsql) or "host,port" (SQL Server); an Oracle descriptor names its hosts in "(HOST=...)".
                foreach (var host in (TnsHosts(value) ?? value).Split(','))
                {
                    if (!IsLocalHost(host) && !IsPort(host))
                    {
                        return false;
                    }
                }

                hosts++;
            }
            else if (key is "password" or "pwd" or "user password" or "passwd")
            {
                if (!IsHumanMadePassphrase(value) && !SecretText.IsPlaceholder(value) && !SecretText.IsDummyWord(value))
                {
                    return false;
                }

                passwords++;
            }
        }

        return hosts > 0 && passwords > 0;
    }

    private static bool IsLocalUriFixture(string text)
    {
        var found = false;
        for (var i = text.IndexOf("://", StringComparison.Ordinal); i > 0; i = text.IndexOf("://", i + 3, StringComparison.Ordinal))
        {
            var start = i + 3;
            var end = start;
            while (end < text.Length && text[end] != '/' && text[end] != '?' && text[end] != '#' && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '\'')
            {
                end++;
            }

            var at = end > start ? text.LastIndexOf('@', end - 1, end - start) : -1;
            if (at < 0)
            {
                continue;
            }

            var colon = text.IndexOf(':', start, at - start);
            if (colon < 0)
            {
                continue;
            }

            var password = Uri.UnescapeDataString(text.Substring(colon + 1, at - colon - 1));
            if (!IsLocalHost(text.Substring(at + 1, end - at - 1)) || !IsHumanMadePassphrase(password) && !SecretText.IsDummyWord(password))
            {
                return false;
            }

            found = true;
        }

        return found;
    }

    /// <summary>This machine: localhost, a loopback address, "(local)", ".", LocalDB, Docker's host name; a port may follow.</summary>
    public static bool IsLocalHost(string host)
    {
        var h = host.Trim().ToLowerInvariant();
        if (h.StartsWith("tcp:", StringComparison.Ordinal))
        {
            h = h.Substring(4);
        }

        if (h.StartsWith("(localdb)", StringComparison.Ordinal))
        {
            return true;
        }

        if (h.StartsWith("[", StringComparison.Ordinal))
        {
            var close = h.IndexOf(']');
            return close > 0 && h.Substring(1, close - 1) == "::1";
        }

        if (h == "::1")
        {
            return true;
        }

        // "localhost:5432", "localhost,1433", ".\SQLEXPRESS".
        var end = h.IndexOfAny(new[] { ':', ',', '\\' });
        if (end >= 0)
        {
            h = h.Substring(0, end);
        }

        return h is "localhost" or "(local)" or "." or "host.docker.internal"
            || h.EndsWith(".localhost", StringComparison.Ordinal)
            || h.StartsWith("127.", StringComparison.Ordinal) && IsDottedQuad(h);
    }

    private static bool IsPort(string text) => IsDigits(text.Trim(), 5);

    private static bool IsDottedQuad(string h)
    {
        var parts = h.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (!IsDigits(part, 3))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One to <paramref name="maxLength"/> decimal digits and nothing else.</summary>
    private static bool IsDigits(string text, int maxLength)
    {
        if (text.Length == 0 || text.Length > maxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Look-alike characters between letters read back as the letters they stand for ("P@ssw0rd" →
    /// "Password", "n0_" → "no_"); more than three is not a spelling but random text, left as it is.
    /// </summary>
    private static string ReadBackLookAlikes(string value)
    {
        var chars = value.ToCharArray();
        var changed = 0;
        for (var i = 1; i < chars.Length; i++)
        {
            var letter = LetterFor(value[i]);
            if (letter == '\0' || !IsAsciiLetter(chars[i - 1]))
            {
                continue;
            }

            var next = i + 1 < value.Length ? value[i + 1] : ' ';
            if (IsAsciiLetter(next) || (char.IsDigit(value[i]) && next is ' ' or '-' or '_' or '.'))
            {
                chars[i] = letter;
                changed++;
            }
        }

        return changed <= 3 ? new string(chars) : value;
    }

    private static char LetterFor(char c) => c switch
    {
        '@' => 'a', '4' => 'a', '0' => 'o', '$' => 's', '5' => 's', '3' => 'e', '1' => 'i', '!' => 'i', '7' => 't',
        _ => '\0',
    };

    private enum SegmentKind
    {
        Letters,
        Digits,
        Other,
    }

    /// <summary>Runs of letters (split where a lower-case letter meets an upper-case one), digits and other characters.</summary>
    private static IEnumerable<(int Start, int Length, SegmentKind Kind)> Segments(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || KindOf(text[i]) != KindOf(text[i - 1])
                || (KindOf(text[i]) == SegmentKind.Letters && char.IsLower(text[i - 1]) && char.IsUpper(text[i]))
                || (KindOf(text[i]) == SegmentKind.Letters && i + 1 < text.Length && char.IsUpper(text[i - 1]) && char.IsUpper(text[i]) && char.IsLower(text[i + 1])))
            {
                yield return (start, i - start, KindOf(text[start]));
                start = i;
            }
        }
    }

    private static SegmentKind KindOf(char c)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') ? SegmentKind.Letters : c is >= '0' and <= '9' ? SegmentKind.Digits : SegmentKind.Other;

    /// <summary>
    /// A word: lower-case or capitalised, at most twelve letters, a vowel, no more than three
    /// consonants or two vowels in a row, and no letter pair English words lack (one allowed in a
    /// word of seven letters or more: compounds such as "unworthy").
    /// </summary>
    private static bool IsSpelledLikeAWord(string text, int start, int length)
    {
        if (length > 12)
        {
            return false;
        }

        int vowels = 0, consonantRun = 0, vowelRun = 0, rare = 0;
        for (var i = start; i < start + length; i++)
        {
            var c = text[i];
            if (i > start && c is >= 'A' and <= 'Z')
            {
                return false;
            }

            c = char.ToLowerInvariant(c);
            if ("aeiouy".IndexOf(c) >= 0)
            {
                vowels++;
                vowelRun++;
                consonantRun = 0;
            }
            else
            {
                consonantRun++;
                vowelRun = 0;
            }

            if (consonantRun > 3 || vowelRun > 2)
            {
                return false;
            }

            if (i > start && IsRarePair(char.ToLowerInvariant(text[i - 1]), c))
            {
                rare++;
            }
        }

        return vowels > 0 && (rare == 0 || (rare == 1 && length >= 7));
    }

    private static bool IsRarePair(char first, char second)
    {
        for (var i = 0; i + 1 < RarePairs.Length; i += 2)
        {
            if (RarePairs[i] == first && RarePairs[i + 1] == second)
            {
                return true;
            }
        }

        return false;
    }

    private static bool OnlyDigitsBefore(string text, int start)
    {
        for (var i = 0; i < start; i++)
        {
            if (!char.IsDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Digits counted up one by one: "123", "34567", "1234567890".</summary>
    private static bool IsCountingRun(string text, int start, int length)
    {
        for (var i = start + 1; i < start + length; i++)
        {
            if (text[i] != (text[i - 1] == '9' ? '0' : (char)(text[i - 1] + 1)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The hosts of an Oracle TNS descriptor ("(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))...)"),
    /// joined with ','; null when the value is no descriptor or names no host.
    /// </summary>
    internal static string? TnsHosts(string value)
    {
        if (value.Length == 0 || value[0] != '(')
        {
            return null;
        }

        string? hosts = null;
        const string marker = "(HOST=";
        for (var i = value.IndexOf(marker, StringComparison.OrdinalIgnoreCase); i >= 0; i = value.IndexOf(marker, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var start = i + marker.Length;
            var end = value.IndexOf(')', start);
            if (end < 0)
            {
                return null;
            }

            var host = value.Substring(start, end - start).Trim();
            hosts = hosts is null ? host : hosts + "," + host;
        }

        return hosts;
    }

    internal static bool IsAsciiLetterOf(char c) => IsAsciiLetter(c);

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>Twelve or more hex digits with both letters and digits: a digest or a key, not words.</summary>
    private static bool LooksHex(string value)
    {
        if (value.Length < 12)
        {
            return false;
        }

        bool letter = false, digit = false;
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9')
            {
                digit = true;
            }
            else if (c is (>= 'a' and <= 'f') or (>= 'A' and <= 'F'))
            {
                letter = true;
            }
            else if (c != '-')
            {
                return false;
            }
        }

        return letter && digit;
    }

    private static string Unquote(string value)
        => value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]
            ? value.Substring(1, value.Length - 2)
            : value;
}
