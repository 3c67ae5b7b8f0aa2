using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Inventory;

public sealed record MovementResponse(long Id, string Sku, string Location, int Quantity, string Kind, string Reason, string By, DateTimeOffset At);

/// <summary>Stock as staff see it: levels per variant and location, and the ledger behind them.</summary>
public static class GetStock
{
    public static async Task<IReadOnlyList<StockResponse>> Levels(string? sku, string? location, RolloutDb db, CancellationToken ct)
    {
        var levels = await db.StockLevels.AsNoTracking().ToListAsync(ct);
        return [.. levels
            .Where(l => (sku is null || l.Sku.Value.Equals(sku, StringComparison.OrdinalIgnoreCase)) && (location is null || l.Location.Value == location))
            .OrderBy(l => l.Location.Value, StringComparer.Ordinal).ThenBy(l => l.Sku.Value, StringComparer.Ordinal)
            .Select(l => new StockResponse(l.Sku.Value, l.Location.Value, l.OnHand, l.Allocated, l.Available))];
    }

    /// <summary>Allocations, of one SKU and of one channel (a partner's own) when given.</summary>
    public static async Task<IReadOnlyList<AllocationResponse>> Allocations(string? sku, RolloutDb db, CancellationToken ct, Slug? channel = null) =>
        [.. (await db.Allocations.AsNoTracking().Where(a => channel == null || a.Channel == channel).ToListAsync(ct))
            .Where(a => sku is null || a.Sku.Value.Equals(sku, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.Location.Value, StringComparer.Ordinal).ThenBy(a => a.Sku.Value, StringComparer.Ordinal).ThenBy(a => a.Channel.Value, StringComparer.Ordinal)
            .Select(a => new AllocationResponse(a.Sku.Value, a.Location.Value, a.Channel.Value, a.Quantity, a.Reserved, a.Sold, a.Available))];

    public static async Task<IReadOnlyList<StockLocationResponse>> Locations(RolloutDb db, CancellationToken ct) =>
        [.. (await db.StockLocations.AsNoTracking().ToListAsync(ct)).OrderBy(l => l.Code.Value, StringComparer.Ordinal).Select(l => l.ToResponse())];

    public static async Task<IReadOnlyList<MovementResponse>> Ledger(string? sku, string? location, RolloutDb db, CancellationToken ct)
    {
        var movements = await db.StockMovements.AsNoTracking().ToListAsync(ct);
        return [.. movements
            .Where(m => (sku is null || m.Sku.Value.Equals(sku, StringComparison.OrdinalIgnoreCase)) && (location is null || m.Location.Value == location))
            .OrderBy(m => m.Id)
            .Select(m => new MovementResponse(m.Id, m.Sku.Value, m.Location.Value, m.Quantity, m.Kind.ToString().ToLowerInvariant(), m.Reason, m.By, m.At.ToDateTimeOffset()))];
    }

    /// <summary>Loads a stock location by its code, or says there is none.</summary>
    public static async Task<Result<StockLocation>> FindLocation(string? code, RolloutDb db, CancellationToken ct)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return slug.Error;
        }

        var wanted = slug.Value;
        return await db.StockLocations.FirstOrDefaultAsync(l => l.Code == wanted, ct) is { } location
            ? location
            : Error.NotFound("location.not_found", $"There is no stock location '{slug.Value}'.");
    }
}
