using Microsoft.AspNetCore.Authorization;

namespace Rampart.AspNetCore.Authorization;

/// <summary>Requires every one of <see cref="Scopes"/> to be covered by a granted scope.</summary>
public sealed class ScopeRequirement : IAuthorizationRequirement
{
    /// <summary>Creates the requirement; each scope must be <c>resource:action</c> without wildcards.</summary>
    public ScopeRequirement(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        Scopes = RequiredScopes.Validate(scopes);
    }

    /// <summary>The scopes a caller must hold, all of them.</summary>
    public IReadOnlyList<string> Scopes { get; }
}
