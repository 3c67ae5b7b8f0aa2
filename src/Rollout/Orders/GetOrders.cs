using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>Orders as staff see them: one by id, or a market's, newest first.</summary>
public static class GetOrders
{
    public static async Task<Result<OrderResponse>> One(Guid id, RolloutDb db, CancellationToken ct) =>
        await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } order
            ? order.ToResponse()
            : Error.NotFound("order.not_found", $"There is no order {id}.");

    public static async Task<IReadOnlyList<OrderResponse>> Recent(string? market, RolloutDb db, CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking().ToListAsync(ct);
        return [.. orders
            .Where(o => market is null || o.Market.Value.Equals(market, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(o => o.PlacedAt)
            .Take(500)
            .Select(o => o.ToResponse())];
    }
}
