using System.Text.Json.Serialization;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>A key as the admin endpoints and the command line show it: masked (prefix and id), never the secret.</summary>
public sealed record ApiKeyView
{
    /// <summary>The public key id.</summary>
    public required string Id { get; init; }

    /// <summary>The key masked for display: <c>prefix_env_id…</c>.</summary>
    public required string Display { get; init; }

    /// <summary>The human name.</summary>
    public required string Name { get; init; }

    /// <summary>Who the key was issued to.</summary>
    public required string Owner { get; init; }

    /// <summary>The organisation.</summary>
    public required string Organization { get; init; }

    /// <summary><c>live</c> or <c>test</c>.</summary>
    public required string Environment { get; init; }

    /// <summary>Granted scopes.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The key's roles (<c>Rampart:Roles</c>).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Every scope the key acts with, its roles' included, under the roles as configured now.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? EffectiveScopes { get; init; }

    /// <summary>The rate-limit tier, if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tier { get; init; }

    /// <summary><c>active</c>, <c>in_grace_period</c>, <c>expired</c>, <c>rotated</c> or <c>revoked</c>.</summary>
    public required string State { get; init; }

    /// <summary>When the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working, if ever.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When it was last used (recorded in batches, approximate).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The id of the key that replaced it by rotation.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>The row version (changes on every update).</summary>
    public required long Version { get; init; }

    /// <summary>The pepper version the key's hash was made with; keys on a version being retired must be rotated before it is removed.</summary>
    public int PepperVersion { get; init; }

    /// <summary>
    /// What is left of the key's rate-limit windows and quota and of its organisation's, in the view of one key (not in lists);
    /// absent when rate limits are off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ApiKeyRateLimitStatus? RateLimits { get; init; }

    /// <summary>Shows <paramref name="record"/> as of <paramref name="now"/>.</summary>
    public static ApiKeyView From(ApiKeyRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ApiKeyView
        {
            Id = record.Id,
            Display = record.DisplayName,
            Name = record.Name,
            Owner = record.Owner,
            Organization = record.Organization,
            Environment = ApiKeyParser.EnvironmentText(record.Environment),
            Scopes = record.Scopes,
            Roles = record.Roles,
            Tier = record.Tier,
            State = StateText(record.GetState(now)),
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            RevokedAt = record.RevokedAt,
            LastUsedAt = record.LastUsedAt,
            ReplacedBy = record.ReplacedBy,
            Version = record.Version,
            PepperVersion = record.PepperVersion,
        };
    }

    internal static string StateText(ApiKeyState state) => state switch
    {
        ApiKeyState.Active => "active",
        ApiKeyState.InGracePeriod => "in_grace_period",
        ApiKeyState.Expired => "expired",
        ApiKeyState.Rotated => "rotated",
        ApiKeyState.Revoked => "revoked",
        _ => "unknown",
    };
}

/// <summary>The answer to creating or rotating a key: the only time the full key is ever shown.</summary>
/// <param name="Key">The full key. Store it now; it cannot be shown again.</param>
/// <param name="Record">The new key, masked.</param>
/// <param name="Rotated">For a rotation, the old key (now in its grace period).</param>
public sealed record CreatedApiKeyView(
    string Key,
    ApiKeyView Record,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApiKeyView? Rotated = null)
{
    /// <summary>Names the key without its secret.</summary>
    public override string ToString() => $"CreatedApiKeyView {{ Id = {Record.Id} }}";
}

/// <summary>A page of masked keys.</summary>
/// <param name="Items">The keys, ordered by id.</param>
/// <param name="ContinuationToken">Pass it as <c>continuationToken</c> for the next page; absent on the last page.</param>
public sealed record ApiKeyListView(
    IReadOnlyList<ApiKeyView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContinuationToken);
