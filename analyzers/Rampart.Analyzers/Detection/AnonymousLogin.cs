using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Anonymous FTP logins (RFC 1635): the user "anonymous" or "ftp" with the same word, no password or
/// an e-mail address as the password. Every server that accepts them accepts them from anyone.
/// </summary>
internal static class AnonymousLogin
{
    public static bool Is(string? user, string password)
    {
        if (!string.Equals(user, "anonymous", StringComparison.OrdinalIgnoreCase) && !string.Equals(user, "ftp", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return password.Length == 0 || string.Equals(password, user, StringComparison.OrdinalIgnoreCase) || IsEmailShaped(password);
    }

    private static bool IsEmailShaped(string value)
    {
        var at = value.IndexOf('@');
        if (at < 0 || at != value.LastIndexOf('@') || value.IndexOf(' ') >= 0 || value.IndexOf(':') >= 0)
        {
            return false;
        }

        var dot = value.IndexOf('.', at + 1);
        return dot > at + 1 && dot < value.Length - 1;
    }
}
