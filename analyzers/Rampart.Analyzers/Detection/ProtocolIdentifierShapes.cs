using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Values that name a format or a protocol rather than being a secret: a media type
/// (<c>application/jwt</c>, <c>application/token-introspection+jwt</c>), a JWT <c>typ</c> with a
/// structured-syntax suffix (<c>at+jwt</c>, <c>logout+jwt</c>) and a URN
/// (<c>urn:ietf:params:oauth:grant-type:saml2-bearer</c>). Protocol libraries keep them in constants
/// named after the token they describe (<c>AccessToken = "at+jwt"</c>).
/// </summary>
internal static class ProtocolIdentifierShapes
{
    /// <summary>The top-level media types (RFC 6838).</summary>
    private static readonly string[] TopLevelTypes =
    {
        "application", "text", "image", "audio", "video", "multipart", "message", "font", "model", "example", "haptics",
    };

    /// <summary>The registered structured-syntax suffixes (RFC 6839 and its registry).</summary>
    private static readonly string[] Suffixes =
    {
        "json", "jwt", "xml", "ber", "der", "cbor", "cbor-seq", "json-seq", "zip", "gzip", "zstd", "yaml", "wbxml",
        "fastinfoset", "sqlite3", "tlv", "cwt", "sd-jwt",
    };

    public static bool IsProtocolIdentifier(string value)
        => IsMediaType(value) || IsSuffixedName(value) || IsUrn(value);

    /// <summary>"type/subtype", the type a registered top-level one and the subtype a lowercase token.</summary>
    private static bool IsMediaType(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || Array.IndexOf(TopLevelTypes, value.Substring(0, slash).ToLowerInvariant()) < 0)
        {
            return false;
        }

        var subtype = value.Substring(slash + 1);
        var parameters = subtype.IndexOf(';');
        return IsLowerToken(parameters < 0 ? subtype : subtype.Substring(0, parameters), allowPlus: true);
    }

    /// <summary>"name+suffix" ("at+jwt", "secevent+jwt"): a lowercase name and a registered suffix.</summary>
    private static bool IsSuffixedName(string value)
    {
        var plus = value.LastIndexOf('+');
        return plus > 0 && Array.IndexOf(Suffixes, value.Substring(plus + 1)) >= 0 && IsLowerToken(value.Substring(0, plus), allowPlus: false);
    }

    /// <summary>
    /// "urn:nid:nss": a namespace of letters, digits and hyphens, and colon-separated segments none of
    /// which is a random-looking run (a mix of upper and lower case and digits), which a URN does not hold.
    /// </summary>
    private static bool IsUrn(string value)
    {
        if (!value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var segments = value.Substring(4).Split(':');
        if (segments.Length < 2 || segments[0].Length < 2 || segments[0].Length > 32)
        {
            return false;
        }

        foreach (var c in segments[0])
        {
            if (!(IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].Length == 0 || LooksRandom(segments[i]))
            {
                return false;
            }

            foreach (var c in segments[i])
            {
                if (!(IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '=' or '%'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool LooksRandom(string segment)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in segment)
        {
            upper |= c is >= 'A' and <= 'Z';
            lower |= c is >= 'a' and <= 'z';
            digit |= c is >= '0' and <= '9';
        }

        return segment.Length >= 12 && upper && lower && digit;
    }

    /// <summary>Lowercase letters, digits and '.', '-', '_' (and '+' in a subtype), with at least one letter.</summary>
    private static bool IsLowerToken(string token, bool allowPlus)
    {
        if (token.Length == 0 || token.Length > 80)
        {
            return false;
        }

        var letter = false;
        foreach (var c in token)
        {
            if (c is >= 'a' and <= 'z')
            {
                letter = true;
            }
            else if (!(c is >= '0' and <= '9' or '.' or '-' or '_' || (allowPlus && c == '+')))
            {
                return false;
            }
        }

        return letter;
    }

    private static bool IsAsciiLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
