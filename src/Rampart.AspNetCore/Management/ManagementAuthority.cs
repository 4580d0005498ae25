using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Management;

/// <summary>
/// What a key may do to keys, checked before anything is written. The rule is one: a key may bring
/// about only a key it could have been issued alongside: of its own organisation (unless it is an
/// operator), with scopes it holds (roles counted by their scopes), not outliving it, in its own tier
/// (unless it is an operator), and with the operator authority only when it has it. Reading and
/// revoking need only sight of the key: revoking takes power away.
/// </summary>
internal static class ManagementAuthority
{
    /// <summary>The key as the actor may see it; another organisation's key is reported exactly as an unknown id.</summary>
    public static ApiKeyRecord Visible(ManagementActor actor, ApiKeyRecord? record, string id)
        => record is not null && actor.CanSee(record) ? record : throw ApiKeyManager.NotFound(id);

    /// <summary>Refuses a listing or an audit read of another organisation unless the actor is an operator.</summary>
    public static void CheckOrganization(ManagementActor actor, string organization)
    {
        if (actor.IsOtherOrganization(organization) && !actor.IsOperator)
        {
            throw OperatorRequired("Another organisation's keys and audit records are visible to operators only");
        }
    }

    /// <summary>
    /// Refuses a key that the actor could not have issued: <paramref name="organization"/>, the granted
    /// <paramref name="scopes"/> and <paramref name="roles"/>, <paramref name="expiresAt"/>; and a tier
    /// different from <paramref name="currentTier"/> (for a new key: the actor's own).
    /// </summary>
    public static void CheckIssue(
        ManagementActor actor,
        ManagementOptions options,
        RoleCatalog roles,
        string organization,
        IReadOnlyList<string> scopes,
        IReadOnlyList<string> roleNames,
        DateTimeOffset? expiresAt,
        string? tier,
        string? currentTier)
    {
        CheckOrganization(actor, organization);
        // Malformed scopes are left to the manager, which refuses them as invalid input.
        var granted = roles.Expand(scopes.Where(ApiScope.IsValidGrant).ToArray(), roleNames);
        var uncovered = ScopeCoverage.FirstUncovered(actor.Key.Scopes, granted);
        if (uncovered >= 0)
        {
            // The scope itself is not quoted: a pasted key must not come back in an error.
            throw new ApiKeyManagementException(
                ApiKeyManagementError.ScopeNotHeld,
                $"The key would hold a scope (#{uncovered + 1}, counting its roles' scopes after its own) that the acting key does not hold; a key can grant only scopes it holds itself.");
        }

        if (!actor.IsOperator && ManagementActor.HoldsOperator(granted, options))
        {
            throw OperatorRequired($"Only an operator can grant the operator scope '{options.OperatorScope}'");
        }

        if (actor.Key.ExpiresAt is { } limit && (expiresAt is null || expiresAt > limit))
        {
            throw new ApiKeyManagementException(
                ApiKeyManagementError.LifetimeExceedsOwn,
                $"The acting key expires at {limit:O}; the key it manages must expire no later.");
        }

        if (!actor.IsOperator && !string.Equals(tier, currentTier, StringComparison.Ordinal))
        {
            throw OperatorRequired("Tiers are set by operators; organisation administrators issue keys in their own key's tier");
        }
    }

    private static ApiKeyManagementException OperatorRequired(string what)
        => new(ApiKeyManagementError.OperatorRequired, what + ": this needs the operator authority.");
}
