using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>Ring-fences units of a location for a channel (positive), or hands them back to the pool (negative).</summary>
public sealed record AllocateStockRequest(string? Sku, string? Location, string? Channel, int? Quantity);

public sealed record AllocationResponse(string Sku, string Location, string Channel, int Quantity, int Reserved, int Sold, int Available);

public static class AllocateStock
{
    public static async Task<Result<AllocationResponse>> Handle(AllocateStockRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var location = validator.Field("location", await GetStock.FindLocation(request.Location, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        validator.Require(request.Quantity is not (null or 0) and >= -1_000_000 and <= 1_000_000, "quantity", "Allocate a non-zero number of units; negative gives them back to the pool.");
        if (validator.IsValid)
        {
            validator.Require(location.Serves.Any(channel.SellsIn), "channel", $"Channel '{channel.Code}' sells in none of the markets '{location.Code}' serves.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var (sku, place, code, quantity) = (variant.Sku, location.Code, channel.Code, request.Quantity!.Value);
        return await Transactions.Run<AllocationResponse>(db, async () =>
        {
            using var batch = new Batch(db);
            await StockLevelRows.Ensure(batch, sku, place);
            await AllocationRows.Ensure(batch, sku, place, code);
            var allocations = db.Allocations.Where(a => a.Sku == sku && a.Location == place && a.Channel == code);
            if (quantity > 0)
            {
                if (!await StockLevelRows.Allocate(batch, sku, place, quantity))
                {
                    var level = await db.StockLevels.AsNoTracking().FirstAsync(l => l.Sku == sku && l.Location == place, ct);
                    return Error.Conflict("stock.insufficient", $"{place} has {level.Available} free units of {sku}; it cannot ring-fence {quantity}.");
                }

                await AllocationRows.Grow(batch, sku, place, code, quantity);
            }
            else
            {
                if (!await AllocationRows.Shrink(batch, sku, place, code, -quantity))
                {
                    var allocation = await allocations.AsNoTracking().FirstAsync(ct);
                    return Error.Conflict("allocation.in_use", $"Only {allocation.Available} of the {allocation.Quantity} units allocated to '{code}' are free; {allocation.Reserved} are held and {allocation.Sold} sold.");
                }

                await StockLevelRows.Deallocate(batch, sku, place, -quantity);
            }

            var now = await allocations.AsNoTracking().FirstAsync(ct);
            return new AllocationResponse(sku.Value, place.Value, code.Value, now.Quantity, now.Reserved, now.Sold, now.Available);
        }, ct);
    }
}
