using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// The API key that authenticated the current request, as <c>HttpContext.GetRampartKey()</c> gives it
/// to handlers: who it is, which organisation it acts for and what it may do, without claim lookups.
/// Never holds the key's secret or hash.
/// </summary>
public sealed class RampartKey
{
    internal RampartKey(ApiKeyRecord record)
    {
        Record = record;
        Scopes = record.EffectiveScopes ?? record.Scopes;
    }

    internal ApiKeyRecord Record { get; }

    /// <summary>The public key id.</summary>
    public string Id => Record.Id;

    /// <summary>The key's human name.</summary>
    public string Name => Record.Name;

    /// <summary>Who the key was issued to.</summary>
    public string Owner => Record.Owner;

    /// <summary>The organisation (tenant) the key belongs to. Scope the app's own data queries by it.</summary>
    public string Organization => Record.Organization;

    /// <summary>Live or test.</summary>
    public ApiKeyEnvironment Environment => Record.Environment;

    /// <summary>The rate-limit tier; <see langword="null"/> for the default tier.</summary>
    public string? Tier => Record.Tier;

    /// <summary>Every scope the key acts with: its own and those of its roles.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The scopes granted to the key itself, without its roles'.</summary>
    public IReadOnlyList<string> OwnScopes => Record.Scopes;

    /// <summary>The key's roles.</summary>
    public IReadOnlyList<string> Roles => Record.Roles;

    /// <summary>When the key stops working, if ever.</summary>
    public DateTimeOffset? ExpiresAt => Record.ExpiresAt;

    /// <summary>True when the key's scopes cover <paramref name="scope"/> (wildcards compared part by part).</summary>
    public bool HasScope(string scope) => ScopeCoverage.Covers(Scopes, scope);

    /// <summary>True when the key belongs to <paramref name="organization"/> (compared exactly).</summary>
    public bool BelongsTo(string? organization) => string.Equals(Organization, organization, StringComparison.Ordinal);

    /// <summary>Names the key without any secret.</summary>
    public override string ToString() => $"RampartKey {{ Id = {Id}, Name = {Name}, Organization = {Organization} }}";
}
