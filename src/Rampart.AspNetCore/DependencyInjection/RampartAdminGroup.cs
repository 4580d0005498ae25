using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.DependencyInjection;

/// <summary>The start every admin endpoint group shares: arguments checked at start-up, <c>AddRampart</c> required, the scope required.</summary>
internal static class RampartAdminGroup
{
    /// <exception cref="ArgumentException">When <paramref name="scope"/> is not a plain <c>resource:action</c>.</exception>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string pattern, string scope, string scopeParameter, string mapMethod)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        if (!ApiScope.IsValidRequirement(scope))
        {
            throw new ArgumentException($"'{scope}' is not a valid scope: use 'resource:action' without wildcards.", scopeParameter);
        }

        if (endpoints.ServiceProvider.GetService<RampartMarkerService>() is null)
        {
            throw new InvalidOperationException(
                $"Unable to find the required services. Add them by calling 'builder.Services.AddRampart()' before 'app.{mapMethod}()'.");
        }

        var group = endpoints.MapGroup(pattern);
        group.RequireScopes(scope);
        return group;
    }
}
