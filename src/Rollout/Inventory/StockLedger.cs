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
    /// Runs <paramref name="work"/> in a transaction of its own and commits only when it succeeds; inside a caller's
    /// transaction (a step composed with another capability's), it runs in that one and the caller decides.
    /// </summary>
    public static async Task<Result<T>> InTransaction<T>(RolloutDb db, Func<Task<Result<T>>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Result<T> result;
        try
        {
            result = await work();
        }
        catch
        {
            // A crash inside the work (a lost client, a failed statement) rolls back now, not when the request ends.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }

        if (result.IsSuccess)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }

        return result;
    }
}
