using System.Collections.Concurrent;

namespace Rampart.Samples.Orders;

/// <summary>An order of one organisation.</summary>
public sealed record Order(int Id, string Organization, string Product, int Quantity, string Status, DateTimeOffset CreatedAt);

/// <summary>What a client sends to place an order.</summary>
public sealed record PlaceOrder(string Product, int Quantity);

/// <summary>The orders of every organisation, kept apart by organisation.</summary>
public sealed class OrderBook
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private int _lastId;

    public IEnumerable<Order> List(string organization)
        => _orders.Values.Where(o => o.Organization == organization).OrderBy(o => o.Id);

    public Order? Find(string organization, int id)
        => _orders.TryGetValue(id, out var order) && order.Organization == organization ? order : null;

    public Order Place(string organization, PlaceOrder request, DateTimeOffset now)
    {
        var order = new Order(Interlocked.Increment(ref _lastId), organization, request.Product, request.Quantity, "placed", now);
        _orders[order.Id] = order;
        return order;
    }

    public Order? Cancel(string organization, int id)
    {
        var order = Find(organization, id);
        if (order is null)
        {
            return null;
        }

        var cancelled = order with { Status = "cancelled" };
        _orders[id] = cancelled;
        return cancelled;
    }
}
