using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// Ends holds: released by their holder, or expired when their time is up, each exactly once (a conditional change
/// of status decides), giving the units back to the allocation or the pool.
/// </summary>
public static class ExpireReservations
{
    /// <summary>Releases a hold now (staff); through the group commit, like every other change of holds, so they never deadlock.</summary>
    public static Task<Result<ReservationResponse>> Release(Guid id, GroupCommit writer) =>
        writer.Write<ReservationResponse>(async batch =>
        {
            var reservation = await batch.Db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, CancellationToken.None);
            if (reservation is null)
            {
                return Error.NotFound("reservation.not_found", $"There is no reservation {id}.");
            }

            if (!await StockHolds.End(batch, Held.Of(reservation), ReservationStatus.Released))
            {
                return Error.Conflict("reservation.not_held", $"Reservation {id} is {reservation.Status.ToString().ToLowerInvariant()}, no longer held.");
            }

            return (await batch.Db.Reservations.AsNoTracking().FirstAsync(r => r.Id == id, CancellationToken.None)).ToResponse();
        });

    /// <summary>The background sweep: expires overdue holds of every variant, through the group commit.</summary>
    public static Task<Result<int>> Handle(GroupCommit writer, TimeProvider clock) =>
        writer.Write(async batch => Result<int>.Success(await StockHolds.Sweep(batch, null, clock.Now())));
}
