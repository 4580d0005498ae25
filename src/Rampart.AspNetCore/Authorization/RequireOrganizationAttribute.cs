using Microsoft.AspNetCore.Authorization;
using Rampart.AspNetCore.Authentication;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Requires the request's API key to belong to the organisation named by a route value or a query
/// parameter, e.g. <c>[RequireOrganization(FromRoute = "orgId")]</c> on <c>/organizations/{orgId}/orders</c>.
/// Any other request is refused with 403 <c>organization_mismatch</c> before the action runs. It is
/// the metadata <c>RequireOrganization</c> adds to minimal-API endpoints.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireOrganizationAttribute : Attribute, IAuthorizeData, IAuthorizationRequirementData
{
    private OrganizationRequirement? _requirement;

    /// <summary>Binds to the organisation in <see cref="FromRoute"/> or <see cref="FromQuery"/> (set one).</summary>
    public RequireOrganizationAttribute()
    {
    }

    internal RequireOrganizationAttribute(OrganizationRequirement requirement, bool namedScheme)
    {
        _requirement = requirement;
        AuthenticationSchemes = namedScheme ? RampartDefaults.AuthenticationScheme : null;
    }

    /// <summary>The route value that names the organisation.</summary>
    public string? FromRoute { get; set; }

    /// <summary>The query parameter that names the organisation.</summary>
    public string? FromQuery { get; set; }

    /// <summary>Lets operators (<c>Rampart:Management:OperatorScope</c>) through for any organisation. Default: no.</summary>
    public bool AllowOperators { get; set; }

    /// <summary>The requirement this attribute adds.</summary>
    public OrganizationRequirement Requirement => _requirement ??= Create(FromRoute, FromQuery, AllowOperators);

    /// <inheritdoc />
    public string? Policy { get; set; }

    /// <inheritdoc />
    public string? Roles { get; set; }

    /// <inheritdoc />
    public string? AuthenticationSchemes { get; set; } = RampartDefaults.AuthenticationScheme;

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [Requirement];

    internal static OrganizationRequirement Create(string? fromRoute, string? fromQuery, bool allowOperators)
        => (fromRoute, fromQuery) switch
        {
            ({ } route, null) => OrganizationRequirement.FromRoute(route, allowOperators),
            (null, { } query) => OrganizationRequirement.FromQuery(query, allowOperators),
            _ => throw new InvalidOperationException("RequireOrganization needs exactly one source of the organisation: FromRoute or FromQuery (or a resolver)."),
        };
}
