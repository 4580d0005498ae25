using System.Collections.Concurrent;
using System.Security.Claims;
using Rampart.AspNetCore.Authentication;

namespace RampartApi.Endpoints;

/// <summary>
/// An example resource: each endpoint names the scopes a key needs to call it, and what a call
/// costs against the key's rate limits (1 unless it says otherwise).
/// </summary>
internal static class OrderEndpoints
{
    /// <summary>The request units one order creation consumes.</summary>
    public const int OrderWriteCost = 5;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orders = new ConcurrentDictionary<Guid, Order>();
        var group = endpoints.MapGroup("/orders");

        group.MapGet("/", (ClaimsPrincipal caller) =>
            Results.Ok(orders.Values.Where(o => o.Organization == OrganizationOf(caller)).OrderBy(o => o.CreatedAt)))
            .RequireScopes("orders:read");

        group.MapPost("/", (NewOrder request, ClaimsPrincipal caller, TimeProvider time) =>
        {
            if (string.IsNullOrWhiteSpace(request.Item) || request.Quantity is < 1 or > 1000)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["order"] = ["An order needs an item and a quantity between 1 and 1000."],
                });
            }

            var order = new Order(Guid.NewGuid(), OrganizationOf(caller), request.Item, request.Quantity, time.GetUtcNow());
            orders[order.Id] = order;
            return Results.Created($"/orders/{order.Id}", order);
        })
        .RequireScopes("orders:write")
        // A write costs five request units in every window and quota of the key and its organisation.
        .RateLimitCost(OrderWriteCost);

        return endpoints;
    }

    // Every key belongs to an organisation; callers see their organisation's orders only.
    private static string OrganizationOf(ClaimsPrincipal caller)
        => caller.FindFirstValue(RampartClaimTypes.Organization) ?? string.Empty;
}

/// <summary>An order as stored and returned.</summary>
internal sealed record Order(Guid Id, string Organization, string Item, int Quantity, DateTimeOffset CreatedAt);

/// <summary>What a caller sends to create an order.</summary>
internal sealed record NewOrder(string Item, int Quantity);
