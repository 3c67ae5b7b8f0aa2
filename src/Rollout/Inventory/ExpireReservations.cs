using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// Ends holds: released by their holder, or expired when their time is up, each exactly once (a conditional change
/// of status decides), giving the units back to the allocation or the pool.
/// </summary>
public static class ExpireReservations
{
    public static async Task<Result<ReservationResponse>> Release(Guid id, RolloutDb db, CancellationToken ct) =>
        await StockLedger.InTransaction<ReservationResponse>(db, async () =>
        {
            var reservation = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (reservation is null)
            {
                return Error.NotFound("reservation.not_found", $"There is no reservation {id}.");
            }

            if (!await End(db, reservation, ReservationStatus.Released, ct))
            {
                return Error.Conflict("reservation.not_held", $"Reservation {id} is {reservation.Status.ToString().ToLowerInvariant()}, no longer held.");
            }

            return (await db.Reservations.AsNoTracking().FirstAsync(r => r.Id == id, ct)).ToResponse();
        }, ct);

    /// <summary>Expires every hold whose time is up (of one variant, or all); returns how many.</summary>
    public static async Task<int> Sweep(RolloutDb db, Instant now, Sku? sku, CancellationToken ct)
    {
        var due = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now)
            .Where(r => sku == null || r.Sku == sku)
            .ToListAsync(ct);
        var expired = 0;
        foreach (var reservation in due)
        {
            expired += await End(db, reservation, ReservationStatus.Expired, ct) ? 1 : 0;
        }

        return expired;
    }

    /// <summary>The background sweep: expires overdue holds of every variant in a transaction of its own.</summary>
    public static Task<Result<int>> Handle(RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        StockLedger.InTransaction(db, async () => Result<int>.Success(await Sweep(db, clock.Now(), null, ct)), ct);

    private static async Task<bool> End(RolloutDb db, Reservation reservation, ReservationStatus to, CancellationToken ct)
    {
        var id = reservation.Id;
        var ended = await db.Reservations.Where(r => r.Id == id && r.Status == ReservationStatus.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to), ct);
        if (ended == 0)
        {
            return false;
        }

        await ReserveStock.Take(db, reservation.Sku, reservation.Location, reservation.AllocationId, -reservation.Quantity, ct);
        return true;
    }
}
