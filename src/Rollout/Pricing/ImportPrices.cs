using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>A price ending as a pricing file states it.</summary>
public sealed record PriceEndingEntry(string? Market, decimal? Ending);

/// <summary>
/// The pricing file format ("rollout-prices/1") read by <c>rollout prices import</c>: exchange rates, price endings,
/// landed costs and prices, applied in that order (a price is checked against the cost in the same file).
/// </summary>
public sealed record PricesDocument(
    string? Format,
    IReadOnlyList<SetExchangeRateRequest>? Rates,
    IReadOnlyList<PriceEndingEntry>? Endings,
    IReadOnlyList<SetLandedCostRequest>? Costs,
    IReadOnlyList<SetPriceRequest>? Prices)
{
    public const string CurrentFormat = "rollout-prices/1";
}

/// <summary>What was imported, and the existing prices that the imported costs now put over the cap (flagged, not changed).</summary>
public sealed record PricesImportSummary(int Rates, int Endings, int Costs, int Prices, IReadOnlyList<string> PricesOverCap);

/// <summary>
/// Applies a pricing file in one transaction through the same use cases as the API, so the cap holds on this path
/// too: one price above it, or any other broken rule, and nothing is written; every error names its path and line.
/// </summary>
public static class ImportPrices
{
    public static async Task<Result<PricesImportSummary>> Handle(string json, string actor, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        var read = ImportFile.Read<PricesDocument>(json, PricesDocument.CurrentFormat, d => d.Format);
        if (!read.IsSuccess)
        {
            return read.Error;
        }

        var (document, file) = read.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7002)", ct);
        }

        int rates = 0, endings = 0, costs = 0, prices = 0;
        foreach (var (rate, i) in ImportFile.Indexed(document.Rates))
        {
            file.Count($"rates[{i}]", await SetExchangeRate.Handle(rate, db, ct), ref rates);
        }

        foreach (var (ending, i) in ImportFile.Indexed(document.Endings))
        {
            file.Count($"endings[{i}]", await SetPriceEnding.Handle(ending.Market ?? "", new SetPriceEndingRequest(ending.Ending), db, ct), ref endings);
        }

        var overCap = new List<string>();
        foreach (var (cost, i) in ImportFile.Indexed(document.Costs))
        {
            var set = await SetLandedCost.Handle(cost, actor, db, clock, cap, ct);
            if (file.Count($"costs[{i}]", set, ref costs))
            {
                overCap.AddRange(set.Value.PricesOverCap.Select(p => $"{cost.Sku} in {cost.Market}: {p}"));
            }
        }

        foreach (var (price, i) in ImportFile.Indexed(document.Prices))
        {
            file.Count($"prices[{i}]", await SetPrice.Handle(price, actor, db, clock, cap, ct), ref prices);
        }

        if (file.Errors.ToError() is { } error)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return error with { Code = "prices.invalid" };
        }

        await transaction.CommitAsync(ct);
        return new PricesImportSummary(rates, endings, costs, prices, overCap);
    }
}
