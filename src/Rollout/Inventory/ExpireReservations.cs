using Microsoft.EntityFrameworkCore;
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

            var held = new Held(reservation.Id, reservation.Sku, reservation.Location, reservation.AllocationId, reservation.Quantity, reservation.ExpiresAt);
            if (!await StockHolds.End(new Batch(db), held, ReservationStatus.Released))
            {
                return Error.Conflict("reservation.not_held", $"Reservation {id} is {reservation.Status.ToString().ToLowerInvariant()}, no longer held.");
            }

            return (await db.Reservations.AsNoTracking().FirstAsync(r => r.Id == id, ct)).ToResponse();
        }, ct);

    /// <summary>The background sweep: expires overdue holds of every variant in a transaction of its own.</summary>
    public static Task<Result<int>> Handle(RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        StockLedger.InTransaction(db, async () => Result<int>.Success(await StockHolds.Sweep(new Batch(db), null, clock.Now())), ct);
}
