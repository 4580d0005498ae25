using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.DependencyInjection;
using Rampart.AspNetCore.Incidents.LeakReports;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that receives leaked-key reports from secret scanners.</summary>
public static class RampartLeakReportEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: a signed report of leaked tokens (JSON array of <c>{ token, type, url, source }</c>)
    /// from a secret scanner, verified against the senders' keys in <c>Rampart:Incidents:LeakReports:PublicKeys</c> (or
    /// fetched from <c>PublicKeysUrl</c>). Each token that is one of the app's keys is revoked (or flagged, by
    /// <c>Policy</c>) and recorded in the admin log; the answer labels each token <c>true_positive</c> or
    /// <c>false_positive</c> by its SHA-256 and reveals nothing else. The endpoint takes no API key: the signature is
    /// its authentication. See <c>docs/leaked-keys.md</c>.
    /// </summary>
    /// <returns>The route group, for further conventions (host filters, rate limits).</returns>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static RouteGroupBuilder MapRampartLeakReports(this IEndpointRouteBuilder endpoints, string pattern = "/rampart/leaks")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        if (endpoints.ServiceProvider.GetService<RampartMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddRampart()' before 'app.MapRampartLeakReports()'.");
        }

        var group = endpoints.MapGroup(pattern);
        group.AllowAnonymous();
        group.MapPost("/", (Delegate)LeakReportEndpoint.HandleAsync).ExcludeFromDescription().WithName("RampartLeakReports");
        return group;
    }
}
