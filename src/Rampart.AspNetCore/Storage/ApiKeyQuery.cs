using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Storage;

/// <summary>Filters and paging for listing keys. Paging is by key id (keyset), so pages stay stable under writes.</summary>
public sealed record ApiKeyQuery
{
    /// <summary>The largest page a store returns.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Only keys of this organisation.</summary>
    public string? Organization { get; init; }

    /// <summary>Only keys issued to this owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Only keys of this environment.</summary>
    public ApiKeyEnvironment? Environment { get; init; }

    /// <summary><see langword="true"/>: only revoked keys; <see langword="false"/>: only keys not revoked.</summary>
    public bool? Revoked { get; init; }

    /// <summary>Records per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The <see cref="ApiKeyPage.ContinuationToken"/> of the previous page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The page size clamped to the allowed range.</summary>
    public int EffectivePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
}
