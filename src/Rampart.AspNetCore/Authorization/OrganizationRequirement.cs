using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Rampart.AspNetCore.Authorization;

/// <summary>
/// Requires the request's Rampart key to belong to the organisation the request names: in a route
/// value, a query parameter or whatever a resolver reads. A request naming no organisation is refused.
/// </summary>
public sealed class OrganizationRequirement : IAuthorizationRequirement
{
    private readonly Func<HttpContext, string?> _resolve;

    /// <summary>Creates the requirement with a resolver of the organisation the request names.</summary>
    /// <param name="resolve">Reads the named organisation from the request; <see langword="null"/> when it names none.</param>
    /// <param name="source">Says where the organisation is read from, for diagnostics (<c>route value 'orgId'</c>).</param>
    /// <param name="allowOperators">Lets keys holding the operator authority (<c>Rampart:Management:OperatorScope</c>) through for any organisation.</param>
    public OrganizationRequirement(Func<HttpContext, string?> resolve, string source, bool allowOperators = false)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        _resolve = resolve;
        Source = source;
        AllowOperators = allowOperators;
    }

    /// <summary>Where the organisation is read from.</summary>
    public string Source { get; }

    /// <summary>Whether operators pass for any organisation.</summary>
    public bool AllowOperators { get; }

    /// <summary>The organisation <paramref name="context"/> names, or <see langword="null"/>.</summary>
    public string? Resolve(HttpContext context) => _resolve(context);

    /// <summary>The organisation named by route value <paramref name="name"/>.</summary>
    public static OrganizationRequirement FromRoute(string name, bool allowOperators = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(context => context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null, $"route value '{name}'", allowOperators);
    }

    /// <summary>The organisation named by query parameter <paramref name="name"/> (exactly one value).</summary>
    public static OrganizationRequirement FromQuery(string name, bool allowOperators = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(context => context.Request.Query[name] is { Count: 1 } value ? value.ToString() : null, $"query parameter '{name}'", allowOperators);
    }
}
