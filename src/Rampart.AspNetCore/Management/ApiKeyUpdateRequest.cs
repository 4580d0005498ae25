using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>Changes to a key's metadata. Unset members stay as they are; at least one must be set.</summary>
public sealed record ApiKeyUpdateRequest
{
    /// <summary>A new human name (1–200 printable characters).</summary>
    public string? Name { get; init; }

    /// <summary>The new full set of scopes (replaces the old set).</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>The new full set of roles (replaces the old set; empty removes them all).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>A new rate-limit tier. Through the admin endpoints, operators only.</summary>
    public string? Tier { get; init; }

    /// <summary>When set, the change applies only while the key is still at this <see cref="ApiKeyRecord.Version"/>, else <see cref="ApiKeyManagementError.Conflict"/>.</summary>
    public long? IfVersion { get; init; }

    /// <summary>A new expiry, in the future. An expiry cannot be removed: issue a new key instead.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
