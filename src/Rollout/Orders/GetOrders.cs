using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>Orders as staff and buyers see them: one by id, a market's newest, a customer's own.</summary>
public static class GetOrders
{
    /// <summary>
    /// One order. <paramref name="viewer"/> is null for staff, who see any; otherwise the customer id asking ("" for a
    /// guest), who sees their own orders and guest orders, whose unguessable id is the guest's key.
    /// </summary>
    public static async Task<Result<OrderResponse>> One(Guid id, string? viewer, RolloutDb db, CancellationToken ct) =>
        await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } order && order.IsOpenTo(viewer)
            ? order.ToResponse()
            : Error.NotFound("order.not_found", $"There is no order {id} of yours.");

    /// <summary>The newest 500 orders, of one market and one state when asked (filtered in the database, so none is missed).</summary>
    public static async Task<IReadOnlyList<OrderResponse>> Recent(string? market, string? status, RolloutDb db, CancellationToken ct)
    {
        var orders = db.Orders.AsNoTracking();
        if (market is not null)
        {
            var country = CountryCode.Parse(market);
            if (!country.IsSuccess)
            {
                return [];
            }

            orders = orders.Where(o => o.Market == country.Value);
        }

        if (status is not null)
        {
            if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var state) || int.TryParse(status, out _))
            {
                return [];
            }

            orders = orders.Where(o => o.Status == state);
        }

        return [.. (await orders.OrderByDescending(o => o.PlacedAt).Take(500).ToListAsync(ct)).Select(o => o.ToResponse())];
    }

    /// <summary>How many orders are in each state, of one market or all.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> Counts(string? market, RolloutDb db, CancellationToken ct)
    {
        var orders = db.Orders.AsNoTracking();
        if (market is not null)
        {
            var country = CountryCode.Parse(market);
            if (!country.IsSuccess)
            {
                return new Dictionary<string, int>();
            }

            orders = orders.Where(o => o.Market == country.Value);
        }

        var counts = await orders
            .GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.ToDictionary(c => c.Status.ToString().ToLowerInvariant(), c => c.Count, StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<OrderResponse>> Mine(string customerId, RolloutDb db, CancellationToken ct) =>
        [.. (await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId).OrderByDescending(o => o.PlacedAt).Take(100).ToListAsync(ct)).Select(o => o.ToResponse())];
}
