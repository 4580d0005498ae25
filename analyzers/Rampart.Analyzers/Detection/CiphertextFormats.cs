using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Values in a ciphertext envelope: what they protect is not readable without a key that is not in
/// the value, so they are not secrets in source code (the key that made them is).
/// </summary>
internal static class CiphertextFormats
{
    /// <summary>The base64url of ASP.NET Core Data Protection's magic header (0x09F0C9F0) that starts every protected payload.</summary>
    private const string DataProtectionHeader = "CfDJ8";

    /// <summary>
    /// True for an ASP.NET Core Data Protection payload ("CfDJ8…", also behind a purpose prefix such as
    /// "InviteToken_CfDJ8…") and for an encrypted string of the form "type.iv|data|mac" ("2.AOs4…==|…|…")
    /// or "7.&lt;COSE&gt;".
    /// </summary>
    public static bool Matches(string value) => IsDataProtectionPayload(value) || IsTypedEncryptedString(value);

    private static bool IsDataProtectionPayload(string value)
    {
        var at = value.IndexOf(DataProtectionHeader, StringComparison.Ordinal);
        if (at < 0 || value.Length - at < 40)
        {
            return false;
        }

        // Nothing before the header, or a purpose prefix of letters ending in '_'.
        if (at > 0)
        {
            if (value[at - 1] != '_')
            {
                return false;
            }

            for (var i = 0; i < at - 1; i++)
            {
                if (!char.IsLetterOrDigit(value[i]))
                {
                    return false;
                }
            }
        }

        for (var i = at; i < value.Length; i++)
        {
            var c = value[i];
            if (!(IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTypedEncryptedString(string value)
    {
        if (value.Length < 4 || value[0] < '0' || value[0] > '7' || value[1] != '.')
        {
            return false;
        }

        var parts = value.Substring(2).Split('|');
        foreach (var part in parts)
        {
            if (part.Length == 0 || !IsBase64(part))
            {
                return false;
            }
        }

        // Types 0–6 carry an IV and the data (and a MAC); type 7 is one COSE-encoded part.
        return value[0] == '7' ? parts.Length == 1 : parts.Length >= 2;
    }

    private static bool IsBase64(string part)
    {
        foreach (var c in part)
        {
            if (!(IsAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '='))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
