using System.Text.RegularExpressions;

namespace Rampart.RateLimiting.Tests.Infrastructure;

/// <summary>
/// The field grammar of draft-ietf-httpapi-ratelimit-headers-11 over RFC 9651: a List whose members
/// are Items with a String value and parameters; <c>q</c>, <c>w</c>, <c>r</c>, <c>t</c> are
/// non-negative Integers of at most 15 digits.
/// </summary>
internal static partial class RateLimitFieldGrammar
{
    // sf-string = DQUOTE *( unescaped / "%" / "\" ( DQUOTE / "\" ) ) DQUOTE ; parameters = *( ";" *SP key [ "=" bare-item ] )
    private const string Item = @"""(?:[\x20-\x21\x23-\x5B\x5D-\x7E]|\\[""\\])*""(?:;[a-z*][a-z0-9_\-.*]*=(?:-?[0-9]{1,15}|""[^""]*""|:[A-Za-z0-9+/=]*:|\?[01]|[A-Za-z*][A-Za-z0-9:/!#$%&'*+\-.^_`|~]*))*";

    [GeneratedRegex($"^{Item}(?:[ \t]*,[ \t]*{Item})*$")]
    private static partial Regex ListOfItems();

    [GeneratedRegex("""(?<name>"[^"]*")(?<params>(?:;[^,;]+)*)""")]
    private static partial Regex Member();

    public static bool IsValidList(string value) => ListOfItems().IsMatch(value);

    /// <summary>Members by name, each with its parameters.</summary>
    public static Dictionary<string, Dictionary<string, long>> Parse(string value)
    {
        Assert.True(IsValidList(value), $"Not a valid structured List of Items: {value}");
        var result = new Dictionary<string, Dictionary<string, long>>();
        foreach (Match member in Member().Matches(value))
        {
            var parameters = new Dictionary<string, long>();
            foreach (var parameter in member.Groups["params"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = parameter.Split('=');
                parameters[parts[0]] = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }

            result[member.Groups["name"].Value.Trim('"')] = parameters;
        }

        return result;
    }
}
