using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Keys;

/// <summary>
/// The roles of <c>Rampart:Roles</c>, read at each use so a reloaded configuration applies: a key's
/// roles are expanded into scopes when its record is read for verification, and the expansion is
/// cached with the record until the record's next refresh.
/// </summary>
internal sealed class RoleCatalog
{
    private const int MaxNameLength = 64;

    private readonly IOptionsMonitor<RampartOptions> _options;

    public RoleCatalog(IOptionsMonitor<RampartOptions> options) => _options = options;

    /// <summary>A role name: 1–64 lower-case letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</summary>
    public static bool IsValidName(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength
           && !name.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789._-");

    public bool IsDefined(string role) => _options.CurrentValue.Roles.ContainsKey(role);

    /// <summary><paramref name="scopes"/> followed by the scopes of <paramref name="roles"/>, each once. An undefined role adds nothing.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> scopes, IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
        {
            return scopes;
        }

        var definitions = _options.CurrentValue.Roles;
        var expanded = new List<string>(scopes);
        foreach (var role in roles)
        {
            if (definitions.TryGetValue(role, out var bundle))
            {
                foreach (var scope in bundle)
                {
                    if (!expanded.Contains(scope, StringComparer.Ordinal))
                    {
                        expanded.Add(scope);
                    }
                }
            }
        }

        return expanded;
    }

    /// <summary>The record with its roles expanded, as verification caches it.</summary>
    public ApiKeyRecord WithEffectiveScopes(ApiKeyRecord record)
        => record with { EffectiveScopes = Expand(record.Scopes, record.Roles) };
}
