using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.DependencyInjection;
using Rampart.AspNetCore.Keys;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the audit-query endpoint.</summary>
public static class RampartAuditEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c>, requiring a key with <paramref name="scope"/>: the
    /// caller's organisation's audit records, newest first, with filters (<c>from</c>, <c>to</c>,
    /// <c>keyId</c>, <c>status</c>, <c>outcome</c>; operators also <c>organization</c>), a bounded page
    /// (<c>pageSize</c>, at most 500) and cursor paging (<c>continuationToken</c>). Operators read any
    /// organisation, and only they see unauthenticated requests. Also maps <c>GET <paramref name="pattern"/>/usage</c>:
    /// requests per key or organisation and hour or day, by outcome (<c>from</c>, <c>to</c>, <c>keyId</c>,
    /// <c>period</c>, <c>groupBy</c>), confined the same way. See <c>docs/admin.md</c> and <c>docs/usage.md</c>.
    /// </summary>
    /// <returns>The route group, for further conventions (rate limits, host filters).</returns>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static RouteGroupBuilder MapRampartAudit(this IEndpointRouteBuilder endpoints, string pattern = "/admin/audit", string scope = RampartKeyEndpointRouteBuilderExtensions.DefaultAdminScope)
    {
        var group = RampartAdminGroup.Map(endpoints, pattern, scope, nameof(scope), nameof(MapRampartAudit));
        group.MapGet("/", (Delegate)AuditEndpoints.QueryAsync).WithName("RampartQueryAudit");
        group.MapGet("/usage", (Delegate)Rampart.AspNetCore.Usage.UsageEndpoints.QueryAsync).WithName("RampartQueryUsage");
        return group;
    }
}
