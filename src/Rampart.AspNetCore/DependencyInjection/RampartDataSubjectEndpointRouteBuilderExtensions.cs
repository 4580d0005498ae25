using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.DataSubjects;
using Rampart.AspNetCore.DependencyInjection;
using Rampart.AspNetCore.Keys;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the data-subject request endpoints.</summary>
public static class RampartDataSubjectEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/>/export</c> and <c>POST <paramref name="pattern"/>/erase</c>,
    /// requiring a key with <paramref name="scope"/> that also holds the operator authority
    /// (<c>Rampart:Management:OperatorScope</c>). The body names one subject, <c>{"owner": "…"}</c> or
    /// <c>{"organization": "…"}</c>; erasure also needs <c>"confirm": true</c>. See <c>docs/data-subject-requests.md</c>.
    /// </summary>
    /// <returns>The route group, for further conventions (rate limits, host filters).</returns>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static RouteGroupBuilder MapRampartDataSubjects(this IEndpointRouteBuilder endpoints, string pattern = "/admin/subjects", string scope = RampartKeyEndpointRouteBuilderExtensions.DefaultAdminScope)
    {
        var group = RampartAdminGroup.Map(endpoints, pattern, scope, nameof(scope), nameof(MapRampartDataSubjects));

        // Beside the key endpoints in the admin API document, out of the app's public one.
        group.WithGroupName(RampartKeyEndpointRouteBuilderExtensions.AdminGroupName);
        group.MapPost("/export", (Delegate)DataSubjectEndpoints.ExportAsync).WithName("RampartExportDataSubject");
        group.MapPost("/erase", (Delegate)DataSubjectEndpoints.EraseAsync).WithName("RampartEraseDataSubject");
        return group;
    }
}
