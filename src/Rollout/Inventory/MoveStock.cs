using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>Units arriving at a location (a delivery from the factory).</summary>
public sealed record ReceiveStockRequest(string? Sku, string? Location, int? Quantity, string? Reference = null);

/// <summary>A correction after a count, a breakage, a theft: a signed quantity and the reason.</summary>
public sealed record AdjustStockRequest(string? Sku, string? Location, int? Quantity, string? Reason);

/// <summary>Units moved from one location to another, both sides or neither.</summary>
public sealed record TransferStockRequest(string? Sku, string? From, string? To, int? Quantity);

public sealed record StockResponse(string Sku, string Location, int OnHand, int Allocated, int Available);

/// <summary>Receipts, adjustments and transfers: each a ledger line (two for a transfer) and a guarded level change.</summary>
public static class MoveStock
{
    public static async Task<Result<StockResponse>> Receive(ReceiveStockRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var (sku, location) = await Find(validator, request.Sku, "location", request.Location, db, ct);
        validator.Require(request.Quantity is > 0 and <= 1_000_000, "quantity", "A receipt brings 1 to 1,000,000 units.");
        validator.MaxLength("reference", request.Reference, 200);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        return await Apply(db, sku, location, request.Quantity!.Value, MovementKind.Receipt, request.Reference ?? "", by, clock, ct);
    }

    public static async Task<Result<StockResponse>> Adjust(AdjustStockRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var (sku, location) = await Find(validator, request.Sku, "location", request.Location, db, ct);
        validator.Require(request.Quantity is not (null or 0) and >= -1_000_000 and <= 1_000_000, "quantity", "An adjustment is a non-zero number of units, negative to take units out.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Reason), "reason", "Say why the stock changes (a count, a breakage, ...).");
        validator.MaxLength("reason", request.Reason, 200);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        return await Apply(db, sku, location, request.Quantity!.Value, MovementKind.Adjustment, request.Reason!.Trim(), by, clock, ct);
    }

    public static async Task<Result<StockResponse>> Transfer(TransferStockRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var (sku, from) = await Find(validator, request.Sku, "from", request.From, db, ct);
        var to = validator.Field("to", (await GetStock.FindLocation(request.To, db, ct)).Map(l => l.Code));
        validator.Require(request.Quantity is > 0 and <= 1_000_000, "quantity", "A transfer moves 1 to 1,000,000 units.");
        if (validator.IsValid)
        {
            validator.Require(from != to, "to", "A transfer goes to another location.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var now = clock.Now();
        var quantity = request.Quantity!.Value;
        return await Transactions.Run(db, async () =>
        {
            var taken = await StockLedger.Move(db, sku, from, -quantity, MovementKind.TransferOut, $"to {to}", by, now, ct);
            if (!taken.IsSuccess)
            {
                return taken.Error;
            }

            var given = await StockLedger.Move(db, sku, to, quantity, MovementKind.TransferIn, $"from {from}", by, now, ct);
            return given.IsSuccess ? await Level(db, sku, to, ct) : given.Error;
        }, ct);
    }

    private static async Task<Result<StockResponse>> Apply(RolloutDb db, Sku sku, Slug location, int quantity, MovementKind kind, string reason, string by, TimeProvider clock, CancellationToken ct) =>
        await Transactions.Run(db, async () =>
        {
            var moved = await StockLedger.Move(db, sku, location, quantity, kind, reason, by, clock.Now(), ct);
            return moved.IsSuccess ? await Level(db, sku, location, ct) : moved.Error;
        }, ct);

    private static async Task<Result<StockResponse>> Level(RolloutDb db, Sku sku, Slug location, CancellationToken ct)
    {
        var level = await db.StockLevels.AsNoTracking().FirstAsync(l => l.Sku == sku && l.Location == location, ct);
        return new StockResponse(sku.Value, location.Value, level.OnHand, level.Allocated, level.Available);
    }

    private static async Task<(Sku Sku, Slug Location)> Find(Validator validator, string? sku, string locationField, string? location, RolloutDb db, CancellationToken ct)
    {
        var variant = validator.Field("sku", await GetProducts.FindVariant(sku, db, ct));
        var place = validator.Field(locationField, (await GetStock.FindLocation(location, db, ct)).Map(l => l.Code));
        return (variant?.Sku ?? default, place);
    }
}
