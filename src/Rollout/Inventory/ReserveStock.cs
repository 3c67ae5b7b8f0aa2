using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// A hold of units for a holder (a cart, a checkout) through a channel at a location, for a few minutes
/// (<c>holdMinutes</c>, 15 unless said). The same holder asking again changes its own hold instead of taking more.
/// </summary>
public sealed record ReserveStockRequest(string? Sku, string? Location, string? Channel, string? Holder, int? Quantity, int? HoldMinutes = null);

public sealed record ReservationResponse(Guid Id, string Sku, string Location, string Channel, string Holder, int Quantity, string Status, bool FromAllocation, DateTimeOffset ExpiresAt);

public static class ReserveStock
{
    public const int DefaultHoldMinutes = 15;

    public static async Task<Result<ReservationResponse>> Handle(ReserveStockRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var location = validator.Field("location", await GetStock.FindLocation(request.Location, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        validator.Require(!string.IsNullOrWhiteSpace(request.Holder), "holder", "Say who holds the units (a cart id).");
        validator.MaxLength("holder", request.Holder, 200);
        validator.Require(request.Quantity is >= 1 and <= 100, "quantity", "A hold is 1 to 100 units.");
        validator.Require(request.HoldMinutes is null or (>= 1 and <= 120), "holdMinutes", "A hold lasts 1 to 120 minutes.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        return await Hold(variant.Sku, location.Code, channel.Code, request.Holder!.Trim(), request.Quantity!.Value, request.HoldMinutes ?? DefaultHoldMinutes, db, clock, ct);
    }

    /// <summary>Holds units for a holder whose variant, location and channel are already known to exist (a cart's line).</summary>
    public static async Task<Result<ReservationResponse>> Hold(Sku sku, Slug place, Slug code, string holder, int quantity, int minutes, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.Now();
        var expires = now + Duration.FromMinutes(minutes);
        return await StockLedger.InTransaction<ReservationResponse>(db, async () =>
        {
            await ExpireReservations.Sweep(db, now, sku, ct);
            var mine = await db.Reservations.FirstOrDefaultAsync(r => r.Holder == holder && r.Sku == sku && r.Channel == code && r.Location == place && r.Status == ReservationStatus.Held, ct);
            var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Sku == sku && a.Location == place && a.Channel == code && a.Quantity > 0, ct);
            var source = mine is null ? allocation?.Id : mine.AllocationId;
            var delta = quantity - (mine?.Quantity ?? 0);
            if (delta != 0 && !await Take(db, sku, place, source, delta, ct))
            {
                return Error.Conflict("stock.sold_out", $"{sku} has fewer than {delta} units left for '{code}' at {place}.");
            }

            Reservation held;
            if (mine is null)
            {
                held = Reservation.Hold(sku, place, code, source, holder, quantity, now, expires);
                db.Reservations.Add(held);
                await db.SaveChangesAsync(ct);
            }
            else
            {
                var id = mine.Id;
                await db.Reservations.Where(r => r.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Quantity, quantity).SetProperty(r => r.ExpiresAt, expires), ct);
                held = await db.Reservations.AsNoTracking().FirstAsync(r => r.Id == id, ct);
            }

            return held.ToResponse();
        }, ct);
    }

    /// <summary>Moves <paramref name="delta"/> units into (or out of) holds, only while the allocation or the pool has them.</summary>
    internal static async Task<bool> Take(RolloutDb db, Sku sku, Slug location, long? allocation, int delta, CancellationToken ct)
    {
        if (allocation is { } id)
        {
            return await db.Allocations.Where(a => a.Id == id && a.Quantity >= a.Reserved + a.Sold + delta && a.Reserved + delta >= 0)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reserved, a => a.Reserved + delta), ct) == 1;
        }

        await StockLedger.EnsureLevel(db, sku, location, ct);
        return await db.StockLevels.Where(l => l.Sku == sku && l.Location == location && l.OnHand >= l.Allocated + l.PoolReserved + l.PoolSold + delta && l.PoolReserved + delta >= 0)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolReserved, l => l.PoolReserved + delta), ct) == 1;
    }

    public static ReservationResponse ToResponse(this Reservation r) =>
        new(r.Id, r.Sku.Value, r.Location.Value, r.Channel.Value, r.Holder, r.Quantity, r.Status.ToString().ToLowerInvariant(), r.AllocationId is not null, r.ExpiresAt.ToDateTimeOffset());
}
