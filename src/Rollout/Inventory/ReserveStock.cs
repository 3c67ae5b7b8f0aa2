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

    public static async Task<Result<ReservationResponse>> Handle(ReserveStockRequest request, GroupCommit writer, RolloutDb db, TimeProvider clock, CancellationToken ct)
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

        return await Hold(variant.Sku, location.Code, channel.Code, request.Holder!.Trim(), request.Quantity!.Value, request.HoldMinutes ?? DefaultHoldMinutes, writer, clock);
    }

    /// <summary>
    /// Holds units for a holder whose variant, location and channel are already known to exist; through the group
    /// commit, like every other change of holds, so they never deadlock one another.
    /// </summary>
    public static Task<Result<ReservationResponse>> Hold(Sku sku, Slug place, Slug code, string holder, int quantity, int minutes, GroupCommit writer, TimeProvider clock)
    {
        var now = clock.Now();
        return writer.Write<ReservationResponse>(async batch =>
        {
            var mine = (await StockHolds.Of(batch, holder)).FirstOrDefault(h => h.Sku == sku && h.Location == place);
            var held = await StockHolds.Hold(batch, mine, sku, [place], code, holder, quantity, now, now + Duration.FromMinutes(minutes));
            return held is null
                ? Error.Conflict("stock.sold_out", $"{sku} has fewer than {quantity} units left for '{code}' at {place}.")
                : new ReservationResponse(held.Id, sku.Value, place.Value, code.Value, holder, quantity, "held", held.Allocation is not null, held.ExpiresAt.ToDateTimeOffset());
        });
    }

    public static ReservationResponse ToResponse(this Reservation r) =>
        new(r.Id, r.Sku.Value, r.Location.Value, r.Channel.Value, r.Holder, r.Quantity, r.Status.ToString().ToLowerInvariant(), r.AllocationId is not null, r.ExpiresAt.ToDateTimeOffset());
}
