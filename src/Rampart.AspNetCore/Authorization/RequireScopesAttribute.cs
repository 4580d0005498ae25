using Microsoft.AspNetCore.Authorization;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Requires an API key that holds every listed scope. Works on controllers and actions, and is the
/// metadata <c>RequireScopes</c> adds to minimal-API endpoints. It composes with other authorization
/// metadata: all requirements must hold.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequireScopesAttribute : Attribute, IAuthorizeData, IAuthorizationRequirementData
{
    private readonly ScopeRequirement _requirement;

    /// <summary>Requires every one of <paramref name="scopes"/>, e.g. <c>[RequireScopes("orders:read")]</c>.</summary>
    public RequireScopesAttribute(params string[] scopes)
    {
        _requirement = new ScopeRequirement(scopes);
    }

    /// <summary>The same requirement relying on the default scheme, which is Rampart's.</summary>
    internal RequireScopesAttribute WithoutScheme() => new(_requirement) { AuthenticationSchemes = null };

    private RequireScopesAttribute(ScopeRequirement requirement)
    {
        _requirement = requirement;
    }

    /// <summary>The required scopes.</summary>
    public IReadOnlyList<string> Scopes => _requirement.Scopes;

    /// <inheritdoc />
    public string? Policy { get; set; }

    /// <inheritdoc />
    public string? Roles { get; set; }

    /// <inheritdoc />
    public string? AuthenticationSchemes { get; set; } = RampartDefaults.AuthenticationScheme;

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [_requirement];
}
