using System.Globalization;

namespace Rampart.AspNetCore.AdminLog;

/// <summary>
/// What the admin log says one key is now: its entries replayed in order, each setting the fields it
/// names (details are <c>name=value; …</c> pairs). Compared with the stored record, a difference is a
/// change that reached the key store but not the log.
/// </summary>
internal sealed class LoggedKeyState
{
    public bool Created { get; private set; }

    public string? NamePseudonym { get; private set; }

    public IReadOnlySet<string> Scopes { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlySet<string> Roles { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    public string Tier { get; private set; } = string.Empty;

    /// <summary>The expiry in Unix milliseconds (stores keep milliseconds or finer).</summary>
    public long? ExpiresMs { get; private set; }

    public string? ReplacedBy { get; private set; }

    public bool Revoked { get; private set; }

    public void Apply(AdminLogEntry entry)
    {
        var pairs = Pairs(entry.Details);
        switch (entry.Action)
        {
            case AdminActions.KeyCreated:
                Created = true;
                NamePseudonym = pairs.GetValueOrDefault("name");
                Scopes = Set(pairs.GetValueOrDefault("scopes"));
                Roles = Set(pairs.GetValueOrDefault("roles"));
                Tier = pairs.GetValueOrDefault("tier") ?? string.Empty;
                ExpiresMs = Milliseconds(pairs.GetValueOrDefault("expires"));
                break;
            case AdminActions.KeyRenamed:
                NamePseudonym = pairs.GetValueOrDefault("name");
                break;
            case AdminActions.KeyScopesChanged:
                Scopes = Set(pairs.GetValueOrDefault("scopes"));
                break;
            case AdminActions.KeyRolesChanged:
                Roles = Set(pairs.GetValueOrDefault("roles"));
                break;
            case AdminActions.KeyTierChanged:
                Tier = pairs.GetValueOrDefault("tier") ?? string.Empty;
                break;
            case AdminActions.KeyExpiryChanged:
                ExpiresMs = Milliseconds(pairs.GetValueOrDefault("expires"));
                break;
            case AdminActions.KeyRotated:
                ReplacedBy = pairs.GetValueOrDefault("replacement");
                if (pairs.TryGetValue("expires", out var expires))
                {
                    ExpiresMs = Milliseconds(expires);
                }

                break;
            case AdminActions.KeyRevoked:
                Revoked = true;
                break;
        }
    }

    /// <summary>The expiry as the log compares it: milliseconds, whatever the offset it was written with.</summary>
    public static long? Milliseconds(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static bool SameSet(IReadOnlySet<string> logged, IReadOnlyList<string> stored) => logged.SetEquals(stored);

    private static long? Milliseconds(string? text)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ? value.ToUnixTimeMilliseconds() : null;

    private static HashSet<string> Set(string? text)
        => new((text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static Dictionary<string, string> Pairs(string? details)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (details ?? string.Empty).Split("; "))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs.TryAdd(part[..equals], part[(equals + 1)..]);
            }
        }

        return pairs;
    }
}
