using Microsoft.AspNetCore.Http;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Scope and organisation requirements for endpoints.</summary>
public static class RampartEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires an API key holding every one of <paramref name="scopes"/>. A missing scope is answered
    /// with 403 <c>insufficient_scope</c>. Scopes are checked here, so a typo fails at start-up.
    /// </summary>
    public static TBuilder RequireScopes<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scopes);

        var attribute = new RequireScopesAttribute(scopes);
        builder.Add(endpoint =>
        {
            // When Rampart is the default scheme, the authentication middleware has already set the
            // user: naming the scheme again would make authorization authenticate a second time.
            var named = !RampartSchemes.IsDefault(endpoint.ApplicationServices);
            endpoint.Metadata.Add(named ? attribute : attribute.WithoutScheme());
        });
        return builder;
    }

    /// <summary>
    /// Binds the endpoint to the caller's organisation: a request whose API key belongs to another
    /// organisation than the one named by route value <paramref name="fromRoute"/>, query parameter
    /// <paramref name="fromQuery"/> or <paramref name="resolver"/> (give exactly one) is refused with 403
    /// <c>organization_mismatch</c> before the handler runs, as is a request that names none.
    /// </summary>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="fromRoute">The route value that names the organisation, e.g. <c>orgId</c> in <c>/organizations/{orgId}/orders</c>.</param>
    /// <param name="fromQuery">The query parameter that names it.</param>
    /// <param name="resolver">Reads it from the request some other way; <see langword="null"/> when the request names none.</param>
    /// <param name="allowOperators">Lets operators (<c>Rampart:Management:OperatorScope</c>) through for any organisation.</param>
    public static TBuilder RequireOrganization<TBuilder>(
        this TBuilder builder,
        string? fromRoute = null,
        string? fromQuery = null,
        Func<HttpContext, string?>? resolver = null,
        bool allowOperators = false)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var requirement = resolver is null
            ? RequireOrganizationAttribute.Create(fromRoute, fromQuery, allowOperators)
            : fromRoute is null && fromQuery is null
                ? new OrganizationRequirement(resolver, "resolver", allowOperators)
                : throw new ArgumentException("Give exactly one source of the organisation: fromRoute, fromQuery or resolver.", nameof(resolver));
        builder.Add(endpoint =>
        {
            var named = !RampartSchemes.IsDefault(endpoint.ApplicationServices);
            endpoint.Metadata.Add(new RequireOrganizationAttribute(requirement, named));
        });
        return builder;
    }
}
