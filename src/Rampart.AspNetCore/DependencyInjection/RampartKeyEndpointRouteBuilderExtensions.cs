using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the key-management endpoints.</summary>
public static class RampartKeyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// The API-explorer group of the admin endpoints: they stay out of an app's public OpenAPI
    /// document and make up their own when the app adds a document of this name.
    /// </summary>
    public const string AdminGroupName = ApiKeyEndpointDescriptions.GroupName;

    /// <summary>The scope the admin endpoints require unless told otherwise.</summary>
    public const string DefaultAdminScope = "rampart:admin";

    /// <summary>
    /// Maps the admin endpoints under <paramref name="pattern"/>, each requiring a key with
    /// <paramref name="adminScope"/>: <c>POST /</c> create (the only answer that shows a key),
    /// <c>GET /</c> list and <c>GET /{id}</c> get (masked), <c>PATCH /{id}</c> update name, scopes,
    /// roles, tier (operators) or expiry, <c>POST /{id}/revoke</c>, <c>POST /{id}/rotate</c>. A key acts on
    /// its own organisation's keys only (another's answer as unknown ids) unless it holds the operator
    /// scope (<c>Rampart:Management:OperatorScope</c>), and brings about only keys whose scopes it holds
    /// and that do not outlive it. See <c>docs/admin.md</c>.
    /// </summary>
    /// <returns>The route group, for further conventions (rate limits, host filters).</returns>
    /// <exception cref="InvalidOperationException">When <c>AddRampart</c> was not called.</exception>
    public static RouteGroupBuilder MapRampartKeys(this IEndpointRouteBuilder endpoints, string pattern = "/admin/keys", string adminScope = DefaultAdminScope)
    {
        var group = RampartAdminGroup.Map(endpoints, pattern, adminScope, nameof(adminScope), nameof(MapRampartKeys));
        ApiKeyEndpointDescriptions.Describe(group);
        group.MapPost("/", (Delegate)ApiKeyEndpoints.CreateAsync).WithName("RampartCreateKey");
        group.MapGet("/", (Delegate)ApiKeyEndpoints.ListAsync).WithName("RampartListKeys");
        group.MapGet("/{id}", ApiKeyEndpoints.GetAsync).WithName("RampartGetKey");
        group.MapPatch("/{id}", ApiKeyEndpoints.UpdateAsync).WithName("RampartUpdateKey");
        group.MapPost("/{id}/revoke", ApiKeyEndpoints.RevokeAsync).WithName("RampartRevokeKey");
        group.MapPost("/{id}/rotate", ApiKeyEndpoints.RotateAsync).WithName("RampartRotateKey");
        return group;
    }
}
