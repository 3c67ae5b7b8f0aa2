using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// The one way stock changes: a conditional update of the level (it applies only while on hand stays at or above
/// what is allocated, so never below zero) and a ledger line, in one transaction. Writers that race are decided by
/// the database, row by row, the same way on SQLite and PostgreSQL.
/// </summary>
public static class StockLedger
{
    /// <summary>Makes sure the level row exists, without a race: two first receipts never both insert it.</summary>
    public static Task EnsureLevel(RolloutDb db, Sku sku, Slug location, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO stock_levels ("Sku", "Location", "OnHand", "Allocated", "PoolReserved", "PoolSold") VALUES ({sku.Value}, {location.Value}, 0, 0, 0, 0) ON CONFLICT ("Sku", "Location") DO NOTHING""",
            ct);

    public static async Task<Result<int>> Move(RolloutDb db, Sku sku, Slug location, int quantity, MovementKind kind, string reason, string by, Instant now, CancellationToken ct)
    {
        await EnsureLevel(db, sku, location, ct);
        var changed = await db.StockLevels
            .Where(l => l.Sku == sku && l.Location == location && l.OnHand + quantity >= l.Allocated + l.PoolReserved + l.PoolSold)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.OnHand, l => l.OnHand + quantity), ct);
        if (changed == 0)
        {
            var level = await db.StockLevels.AsNoTracking().FirstAsync(l => l.Sku == sku && l.Location == location, ct);
            return Error.Conflict("stock.insufficient", $"{location} has {level.OnHand} of {sku} on hand, {level.Available} of them free; it cannot take {-quantity} out.");
        }

        db.StockMovements.Add(StockMovement.Of(sku, location, quantity, kind, reason, by, now));
        await db.SaveChangesAsync(ct);
        return await db.StockLevels.AsNoTracking().Where(l => l.Sku == sku && l.Location == location).Select(l => l.OnHand).FirstAsync(ct);
    }

    /// <summary>
    /// Units sold and now leaving: out of their allocation (or the unallocated pool) and off the shelf, with a shipment
    /// line in the ledger.
    /// </summary>
    public static async Task Shipped(Sku sku, Slug location, long? allocation, int quantity, string reason, string by, Instant now, RolloutDb db, CancellationToken ct)
    {
        if (allocation is { } id)
        {
            await db.Allocations.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Quantity, a => a.Quantity - quantity).SetProperty(a => a.Sold, a => a.Sold - quantity), ct);
            await db.StockLevels.Where(l => l.Sku == sku && l.Location == location)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - quantity).SetProperty(l => l.Allocated, l => l.Allocated - quantity), ct);
        }
        else
        {
            await db.StockLevels.Where(l => l.Sku == sku && l.Location == location)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand - quantity).SetProperty(l => l.PoolSold, l => l.PoolSold - quantity), ct);
        }

        db.StockMovements.Add(StockMovement.Of(sku, location, -quantity, MovementKind.Shipment, reason, by, now));
    }

    /// <summary>Units sold but never shipped go back on sale: to their allocation, or to the unallocated pool.</summary>
    public static Task Unsold(Sku sku, Slug location, long? allocation, int quantity, RolloutDb db, CancellationToken ct) => allocation is { } id
        ? db.Allocations.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Sold, a => a.Sold - quantity), ct)
        : db.StockLevels.Where(l => l.Sku == sku && l.Location == location).ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolSold, l => l.PoolSold - quantity), ct);
}
