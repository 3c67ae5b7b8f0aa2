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
    public static async Task<Result<int>> Move(RolloutDb db, Sku sku, Slug location, int quantity, MovementKind kind, string reason, string by, Instant now, CancellationToken ct)
    {
        using var batch = new Batch(db);
        await StockLevelRows.Ensure(batch, sku, location);
        if (!await StockLevelRows.Count(batch, sku, location, quantity))
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
    public static async Task Shipped(Sku sku, Slug location, long? allocation, int quantity, string reason, string by, Instant now, RolloutDb db)
    {
        using var batch = new Batch(db);
        if (allocation is { } id)
        {
            await AllocationRows.Ship(batch, id, quantity);
        }

        await StockLevelRows.Ship(batch, sku, location, allocated: allocation is not null, quantity);
        db.StockMovements.Add(StockMovement.Of(sku, location, -quantity, MovementKind.Shipment, reason, by, now));
    }

    /// <summary>Units sold but never shipped go back on sale: to their allocation, or to the unallocated pool.</summary>
    public static async Task Unsold(Sku sku, Slug location, long? allocation, int quantity, RolloutDb db)
    {
        using var batch = new Batch(db);
        if (allocation is { } id)
        {
            await AllocationRows.Unsell(batch, id, quantity);
        }
        else
        {
            await StockLevelRows.Unsell(batch, sku, location, quantity);
        }
    }
}
