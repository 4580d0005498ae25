using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Finds literal passwords in connection strings (<c>Password=</c>, <c>Pwd=</c>) and in URIs of
/// the form <c>scheme://user:password@host</c>. Placeholders and variables are not credentials.
/// </summary>
internal static class ConnectionCredentials
{
    private static readonly string[] PasswordKeys = { "password", "pwd", "user password", "passwd" };

    /// <summary>Keys that make a "k=v;k=v" string a connection string rather than arbitrary text.</summary>
    private static readonly string[] ConnectionKeys =
    {
        "server", "host", "data source", "datasource", "user id", "userid", "uid", "user", "username",
        "database", "initial catalog", "port", "addr", "address", "network address", "dsn", "provider",
        "endpoint", "accountname", "hostname", "virtualhost",
    };

    private static readonly string[] UserKeys = { "user id", "userid", "uid", "user", "username", "user name" };

    private static readonly string[] HostKeys =
    {
        "server", "host", "data source", "datasource", "addr", "address", "network address", "hostname",
    };

    /// <summary>Domains reserved for documentation and tests (RFC 2606, RFC 6761): no service runs there.</summary>
    private static readonly string[] DocumentationDomains = { "example.com", "example.org", "example.net" };

    private static readonly string[] DocumentationSuffixes = { ".example", ".test", ".invalid" };

    public static SecretMatch? Find(string text)
    {
        if (text.IndexOf('=') >= 0 && FindInConnectionString(text))
        {
            return new SecretMatch(SecretRule.ConnectionCredential, "connection string", "CONNECTION_STRING");
        }

        if (text.IndexOf("://", StringComparison.Ordinal) > 0 && FindInUri(text))
        {
            return new SecretMatch(SecretRule.ConnectionCredential, "URI", "CONNECTION_URI");
        }

        if (text.IndexOf(',') > 0 && FindInRedisConfiguration(text))
        {
            return new SecretMatch(SecretRule.ConnectionCredential, "Redis connection string", "REDIS_CONNECTION_STRING");
        }

        if (FindBasicHeader(text))
        {
            return new SecretMatch(SecretRule.ConnectionCredential, "Basic authorization value", "BASIC_CREDENTIALS");
        }

        return null;
    }

    /// <summary>
    /// StackExchange.Redis configuration strings separate options with ',' and start with an
    /// endpoint: "cache:6380,password=...,ssl=True".
    /// </summary>
    private static bool FindInRedisConfiguration(string text)
    {
        var parts = text.Split(',');
        var first = parts[0].Trim();
        if (first.Length == 0 || first.IndexOf('=') >= 0 || first.IndexOf(' ') >= 0 || first.IndexOf(';') >= 0)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && string.Equals(part.Substring(0, equals).Trim(), "password", StringComparison.OrdinalIgnoreCase))
            {
                // Read as a connection string's password is: a dummy word, a slug that names itself
                // ("redis-password-secret-canary") or an endpoint under a documentation domain is an example.
                var password = Unquote(part.Substring(equals + 1).Trim());
                var host = HostOf(first);
                return password.Length > 0 && !SecretText.IsPlaceholder(password) && !SecretText.IsDummyWord(password)
                    && !SecretText.IsNamingSlug(password) && !IsUpperSnakeName(password)
                    && (!IsDocumentationHost(host) || (IsUnderExampleTld(host) && LooksGenerated(password)));
            }
        }

        return false;
    }

    /// <summary>A precomputed "Basic &lt;base64(user:password)&gt;" header value.</summary>
    private static bool FindBasicHeader(string text)
    {
        const string scheme = "Basic ";
        var i = text.IndexOf(scheme, StringComparison.OrdinalIgnoreCase);
        if (i < 0)
        {
            return false;
        }

        var start = i + scheme.Length;
        var end = start;
        while (end < text.Length && (TextScanner.IsBase62(text[end]) || text[end] == '+' || text[end] == '/' || text[end] == '='))
        {
            end++;
        }

        return IsEncodedUserAndPassword(text.Substring(start, end - start));
    }

    /// <summary>True when <paramref name="value"/> is the base64 of "user:password" with a real-looking password.</summary>
    public static bool IsEncodedUserAndPassword(string value)
    {
        if (value.Length < 8 || value.Length > 512 || value.Length % 4 != 0)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return false;
        }

        return IsUserAndPassword(decoded);
    }

    /// <summary>True for "user:password" where both parts are present and the password is no placeholder.</summary>
    public static bool IsUserAndPassword(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon != text.LastIndexOf(':') || colon + 1 >= text.Length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c > '~')
            {
                return false; // printable ASCII only, no spaces: credentials, not prose or times
            }
        }

        var password = text.Substring(colon + 1);
        return password.Length >= 6 && !SecretText.IsPlaceholder(password);
    }

    private static bool FindInConnectionString(string text)
    {
        var hasConnectionKey = false;
        var inProse = false;
        string? password = null;
        string? user = null;
        string? host = null;
        foreach (var part in text.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var rawKey = part.Substring(0, equals);
            var key = rawKey.Trim().ToLowerInvariant();
            var value = part.Substring(equals + 1).Trim();
            if (Array.IndexOf(PasswordKeys, key) >= 0)
            {
                password = value;
            }
            else if (Array.IndexOf(ConnectionKeys, key) >= 0)
            {
                hasConnectionKey = true;
                if (Array.IndexOf(UserKeys, key) >= 0)
                {
                    user = Unquote(value);
                }
                else if (Array.IndexOf(HostKeys, key) >= 0)
                {
                    host = Unquote(value);
                    host = TestFixtureCredentials.TnsHosts(host) ?? host;
                }
            }
            else if (IsProse(rawKey))
            {
                inProse = true;
            }
        }

        if (password is null || !hasConnectionKey || inProse)
        {
            return false;
        }

        // "Password=password_read": a slug that names itself is a test's label, as it is for RMP0003.
        password = Unquote(password);
        if (SecretText.IsPlaceholder(password) || SecretText.IsDummyWord(password) || SecretText.IsNamingSlug(password) || IsUpperSnakeName(password))
        {
            return false;
        }

        // "Host=myserver;Username=mylogin;Password=mypass": every value "my" and a word is the
        // example of a connection string's documentation, not a database's login.
        if (host is not null && user is not null && IsMyWord(host) && IsMyWord(user) && IsMyWord(password))
        {
            return false;
        }

        // "Host=localhost;Username=npgsql_tests;Password=npgsql_tests", "postgres"/"postgres": a local
        // database's login whose password is its user name is a fixture or a default, known to anyone who
        // knows the user; so is it at a single-label host ("Host=db"), a container's service name on a
        // docker-compose network. The same pair at a qualified host is still reported.
        if (user is not null && string.Equals(user, password, StringComparison.OrdinalIgnoreCase) && (host is null || AllLocal(host, serviceNames: true)))
        {
            return false;
        }

        // "Server=localhost;User=sa;Password=sqlserver", "SqlServer2026!?": the database product's own name
        // as the password of a database on this machine is the default of its container or installer, known
        // to anyone who knows the product; the same password at another host is still reported.
        if (host is not null && AllLocal(host) && IsProductNameDefault(password))
        {
            return false;
        }

        return host is null || !IsDocumentationHost(HostOf(host)) || (IsUnderExampleTld(HostOf(host)) && LooksGenerated(password));
    }

    /// <summary>
    /// A password no documentation would print: twelve or more characters of at least three classes
    /// (lower, upper, digits, symbols), spread like random text, neither words a person typed
    /// ("Bright-Otter-Meadow7", "P@ssw0rd123!") nor a dummy. Beside a host under the ".example" top-level
    /// domain ("rabbit.northwind.example") such a password is a real one whose host was renamed, not an example's.
    /// </summary>
    internal static bool LooksGenerated(string password)
    {
        if (password.Length < 12 || password.Length > 128 || SecretText.IsPlaceholder(password) || SecretText.IsDummy(password)
            || TestFixtureCredentials.IsHumanMadePassphrase(password) || IsUpperSnakeName(password))
        {
            return false;
        }

        int lower = 0, upper = 0, digit = 0, symbol = 0;
        foreach (var c in password)
        {
            if (c is >= 'a' and <= 'z')
            {
                lower = 1;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                upper = 1;
            }
            else if (c is >= '0' and <= '9')
            {
                digit = 1;
            }
            else if (c > ' ' && c < 127)
            {
                symbol = 1;
            }
            else
            {
                return false;
            }
        }

        return lower + upper + digit + symbol >= 3 && SecretText.Entropy(password) >= Math.Log(password.Length, 2) - 0.8;
    }

    /// <summary>"my" and letters only ("myserver", "myPassword"): a documentation example's value.</summary>
    private static bool IsMyWord(string value)
    {
        if (value.Length < 4 || !value.StartsWith("my", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (var i = 2; i < value.Length; i++)
        {
            if (!TestFixtureCredentials.IsAsciiLetterOf(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Database and broker products whose name is used as the default password of a local instance.</summary>
    private static readonly string[] ProductNames =
    {
        "sqlserver", "mssql", "postgres", "postgresql", "pgsql", "mysql", "mariadb", "mongo", "mongodb", "redis", "rabbitmq",
        "oracle", "cassandra", "cockroach", "cockroachdb", "clickhouse", "couchdb", "elastic", "elasticsearch", "firebird",
    };

    /// <summary>
    /// A database product's name ("sqlserver", "MySql", "postgres"), with at most a four-digit version or
    /// year and two symbols after it ("SqlServer2026!?", "Postgres15!"): a local instance's default.
    /// </summary>
    internal static bool IsProductNameDefault(string password)
    {
        var end = 0;
        while (end < password.Length && char.IsLetter(password[end]))
        {
            end++;
        }

        var word = password.Substring(0, end).ToLowerInvariant();
        if (Array.IndexOf(ProductNames, word) < 0)
        {
            return false;
        }

        int digits = 0, symbols = 0;
        for (var i = end; i < password.Length; i++)
        {
            var c = password[i];
            if (c >= '0' && c <= '9')
            {
                digits++;
            }
            else if (c > ' ' && c <= '~' && !char.IsLetter(c))
            {
                symbols++;
            }
            else
            {
                return false; // letters after the product name: another word, not the default
            }
        }

        return digits <= 4 && symbols <= 2;
    }

    /// <summary>
    /// Text before a key that reads as a sentence ("If you have an eclair server: 'type=…"): the
    /// connection string is quoted inside prose, an example in a help or error message.
    /// </summary>
    private static bool IsProse(string rawKey)
    {
        var words = 0;
        var inWord = false;
        var punctuation = false;
        foreach (var c in rawKey)
        {
            if (char.IsLetter(c))
            {
                if (!inWord)
                {
                    words++;
                }

                inWord = true;
                continue;
            }

            inWord = false;
            if (c is ':' or ',' or '.' or '?' or '!' or '\'' or '"' or '`')
            {
                punctuation = true;
            }
        }

        return words >= 3 && punctuation;
    }

    /// <summary>"API_TOKEN_SECRET", "DB_PASSWORD": an environment variable's or setting's name written where the value goes.</summary>
    private static bool IsUpperSnakeName(string value)
    {
        if (value.Length < 3 || value.Length > 64 || value.IndexOf('_') <= 0 || !(value[0] >= 'A' && value[0] <= 'Z'))
        {
            return false;
        }

        var letters = 0;
        foreach (var segment in value.Split('_'))
        {
            if (segment.Length == 0)
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (c >= 'A' && c <= 'Z')
                {
                    letters++;
                }
                else if (!(c >= '0' && c <= '9'))
                {
                    return false;
                }
            }
        }

        // Words, not a random upper-case string with underscores: most characters are letters and the
        // segments read as words (a vowel in each longer than three characters).
        foreach (var segment in value.Split('_'))
        {
            if (segment.Length > 3 && segment.IndexOfAny(new[] { 'A', 'E', 'I', 'O', 'U', 'Y' }) < 0)
            {
                return false;
            }
        }

        return letters * 4 >= value.Length * 3;
    }

    private static bool IsLocalHost(string host) => TestFixtureCredentials.IsLocalHost(HostOf(host));

    /// <summary>
    /// Every host of a server value is this machine: "localhost", "localhost,1433" (a port), not
    /// "localhost,db2" (Npgsql's host list); with <paramref name="serviceNames"/>, or a single-label name.
    /// </summary>
    private static bool AllLocal(string host, bool serviceNames = false)
    {
        foreach (var part in host.Split(','))
        {
            var p = part.Trim();
            if (!IsLocalHost(p) && !(p.Length is > 0 and <= 5 && IsAllDigits(p)) && !(serviceNames && IsServiceName(p)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllDigits(string text)
    {
        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A single-label host name ("db", "postgres:5432"): a service of the same compose network or cluster namespace.</summary>
    private static bool IsServiceName(string host)
    {
        var name = HostOf(host);
        if (name.Length == 0 || !char.IsLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The host name of a connection string's server value ("tcp:db,1433", "localhost:5432", "http://h:80").</summary>
    private static string HostOf(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        var scheme = v.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            v = v.Substring(scheme + 3);
        }
        else if (v.StartsWith("tcp:", StringComparison.Ordinal))
        {
            v = v.Substring(4);
        }

        if (v.StartsWith("[", StringComparison.Ordinal))
        {
            var close = v.IndexOf(']');
            return close > 0 ? v.Substring(0, close + 1) : v;
        }

        if (v == "::1")
        {
            return v;
        }

        var end = v.IndexOfAny(new[] { ':', ',', '/', '\\' });
        return end > 0 && !v.StartsWith("(localdb)", StringComparison.Ordinal) ? v.Substring(0, end) : v;
    }

    /// <summary>
    /// A host of several labels under the reserved ".example" top-level domain ("erp-db.corp.example"). Documentation
    /// writes example.com and its kin; a team that renames its own hosts writes ".example", so there a generated
    /// password is still reported (example.com, example.net, .test and .invalid stay examples).
    /// </summary>
    private static bool IsUnderExampleTld(string host)
        => host.EndsWith(".example", StringComparison.Ordinal) && host.IndexOf('.') < host.Length - ".example".Length;

    /// <summary>A host under a domain reserved for documentation ("charge.example.com", "db.test").</summary>
    private static bool IsDocumentationHost(string host)
    {
        foreach (var domain in DocumentationDomains)
        {
            if (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var suffix in DocumentationSuffixes)
        {
            if (host.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FindInUri(string text)
    {
        for (var i = text.IndexOf("://", StringComparison.Ordinal); i > 0; i = text.IndexOf("://", i + 3, StringComparison.Ordinal))
        {
            // The scheme is letters, digits, '+', '-', '.' before "://".
            var s = i;
            while (s > 0 && (char.IsLetterOrDigit(text[s - 1]) || text[s - 1] == '+' || text[s - 1] == '-' || text[s - 1] == '.'))
            {
                s--;
            }

            // file: URIs name paths, and an '@' in a path ("file://C:\backup@daily") is no user information.
            if (s == i || (i - s == 4 && string.Compare(text, s, "file", 0, 4, StringComparison.OrdinalIgnoreCase) == 0))
            {
                continue;
            }

            var authorityStart = i + 3;
            var authorityEnd = authorityStart;
            while (authorityEnd < text.Length && text[authorityEnd] != '/' && text[authorityEnd] != '?' && text[authorityEnd] != '#'
                && !char.IsWhiteSpace(text[authorityEnd]) && text[authorityEnd] != '"' && text[authorityEnd] != '\'')
            {
                authorityEnd++;
            }

            var at = authorityEnd > authorityStart ? text.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) : -1;
            if (at < 0 && !FindLenientUserInfo(text, authorityStart, out at, out authorityEnd))
            {
                continue;
            }

            var colon = text.IndexOf(':', authorityStart, at - authorityStart);
            if (colon < authorityStart || at + 1 >= authorityEnd)
            {
                continue;
            }

            // As for "user:password" pairs: shorter than six characters ("pw", "p@ss") or a dummy word
            // ("p@ssw0rd", "testpassword") is a parser test's input, not someone's credential.
            var password = Uri.UnescapeDataString(text.Substring(colon + 1, at - colon - 1));
            var hostEnd = at + 1;
            while (hostEnd < authorityEnd && text[hostEnd] != ':')
            {
                hostEnd++;
            }

            // "https://apitoken:API_TOKEN_SECRET@charge.example.com/": a setting's name where the password
            // goes, or a host under a documentation domain, makes the URI an example; a slug that names
            // itself ("storage-password-secret-canary") is a label, as in a connection string.
            var uriHost = text.Substring(at + 1, hostEnd - at - 1).ToLowerInvariant();
            if (password.Length >= 6 && !SecretText.IsPlaceholder(password) && !SecretText.IsDummyWord(password) && !SecretText.IsNamingSlug(password) && !IsUpperSnakeName(password)
                && (!IsDocumentationHost(uriHost) || (IsUnderExampleTld(uriHost) && LooksGenerated(password))) && !(IsLocalHost(uriHost) && IsProductNameDefault(password)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Generated passwords often hold '?', '#' or a bare '%', which RFC 3986 does not allow in the
    /// user part, so a strict reading ends the authority inside the password. Read leniently: up to
    /// the first '/', space or quote, a plain user name, ':', anything, '@' and a host name.
    /// </summary>
    private static bool FindLenientUserInfo(string text, int start, out int at, out int end)
    {
        at = -1;
        end = start;
        while (end < text.Length && text[end] != '/' && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '\'')
        {
            end++;
        }

        var user = start;
        while (user < end && (char.IsLetterOrDigit(text[user]) || text[user] is '.' or '_' or '-'))
        {
            user++;
        }

        if (user == start || user >= end || text[user] != ':')
        {
            return false;
        }

        at = text.LastIndexOf('@', end - 1, end - user);
        if (at < user || at + 1 >= end || !char.IsLetterOrDigit(text[at + 1]))
        {
            return false;
        }

        for (var h = at + 1; h < end && text[h] != ':' && text[h] != '?' && text[h] != '#'; h++)
        {
            if (!char.IsLetterOrDigit(text[h]) && text[h] is not ('.' or '-' or ','))
            {
                return false;
            }
        }

        return true;
    }

    private static string Unquote(string value)
        => value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0]
            ? value.Substring(1, value.Length - 2)
            : value;
}
