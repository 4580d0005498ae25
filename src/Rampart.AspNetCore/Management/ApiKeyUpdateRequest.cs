namespace Rampart.AspNetCore.Management;

/// <summary>Changes to a key's metadata. Unset members stay as they are; at least one must be set.</summary>
public sealed record ApiKeyUpdateRequest
{
    /// <summary>A new human name (1–200 printable characters).</summary>
    public string? Name { get; init; }

    /// <summary>The new full set of scopes (replaces the old set).</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>A new expiry, in the future. An expiry cannot be removed: issue a new key instead.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
