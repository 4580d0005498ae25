using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>What a new key is issued with.</summary>
public sealed record ApiKeyCreateRequest
{
    /// <summary>A human name (1–200 printable characters), shown in logs instead of the key.</summary>
    public required string Name { get; init; }

    /// <summary>Who the key is for.</summary>
    public required string Owner { get; init; }

    /// <summary>The organisation (tenant).</summary>
    public required string Organization { get; init; }

    /// <summary>Granted scopes (<c>resource:action</c>, <c>*</c> allowed for a whole part).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Roles configured in <c>Rampart:Roles</c>; the key also holds their scopes. None when unset.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The environment; the app's own (<see cref="ApiKeyOptions.Environment"/>) when unset.</summary>
    public ApiKeyEnvironment? Environment { get; init; }

    /// <summary>When the key stops working; never when unset. Must be in the future.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The rate-limit tier; the default tier when unset.</summary>
    public string? Tier { get; init; }
}
