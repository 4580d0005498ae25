using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Scope requirements for endpoints.</summary>
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
}
