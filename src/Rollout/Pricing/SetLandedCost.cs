using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

public sealed record CostLineFields(string? Kind, decimal? Amount, string? Currency);

/// <summary>The landed cost of one unit of a variant in a market, line by line, each in the currency it is paid in.</summary>
public sealed record SetLandedCostRequest(string? Sku, string? Market, CostLineFields[]? Lines);

/// <summary>The new cost, and the prices it now puts over the cap: they are flagged, never changed behind anyone's back.</summary>
public sealed record LandedCostResponse(string Sku, string Market, decimal Total, string Currency, IReadOnlyList<CostLineFields> Lines, IReadOnlyList<string> PricesOverCap);

public static class SetLandedCost
{
    public static async Task<Result<LandedCostResponse>> Handle(SetLandedCostRequest request, string actor, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var given = request.Lines ?? [];
        validator.Require(given.Length > 0, "lines", "A landed cost has at least one line (the unit cost).");
        var lines = new List<CostLine>();
        for (var i = 0; i < given.Length; i++)
        {
            var kindOk = Enum.TryParse<CostKind>(given[i].Kind?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var kind) && !int.TryParse(given[i].Kind, out _);
            validator.Require(kindOk, $"lines[{i}].kind", $"'{given[i].Kind}' is not a cost line; use unit, freight, duties or warranty-provision.");
            var currency = validator.Field($"lines[{i}].currency", CurrencyCode.Parse(given[i].Currency));
            validator.Require(given[i].Amount is >= 0m, $"lines[{i}].amount", "A cost line is an amount of zero or more.");
            if (kindOk && given[i].Amount is >= 0m && currency.Value is not null)
            {
                var amount = validator.Field($"lines[{i}].amount", Money.Exact(given[i].Amount!.Value, currency));
                lines.Add(new CostLine(kind, amount.MinorUnits, currency));
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var now = clock.Now();
        var cost = await PricingData.Cost(db, variant.Sku, market.Code, ct);
        if (cost is null)
        {
            cost = LandedCost.Create(variant.Sku, market.Code);
            db.LandedCosts.Add(cost);
        }

        cost.Change(lines, actor, now);
        var total = cost.TotalIn(market.Currency, await PricingData.Rates(db, now, ct));
        if (!total.IsSuccess)
        {
            db.ChangeTracker.Clear();
            return total.Error.AtField("lines");
        }

        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        var overCap = await OverCap(db, variant.Sku, market, total.Value, cap, now, ct);
        return new LandedCostResponse(variant.Sku.Value, market.Code.Value, total.Value.Amount, market.Currency.Value,
            [.. lines.Select(l => new CostLineFields(KindName(l.Kind), l.Amount.Amount, l.Currency.Value))], overCap);
    }

    public static string KindName(CostKind kind) => kind == CostKind.WarrantyProvision ? "warranty-provision" : kind.ToString().ToLowerInvariant();

    /// <summary>Prices in force now or later that the cost puts over the cap, described for people.</summary>
    private static async Task<IReadOnlyList<string>> OverCap(RolloutDb db, Sku sku, Market market, Money landed, MarginCap cap, Instant now, CancellationToken ct)
    {
        var prices = await db.Prices.AsNoTracking().Where(p => p.Sku == sku && p.Market == market.Code).ToListAsync(ct);
        return [.. prices
            .GroupBy(p => p.Channel)
            .SelectMany(channel => channel.Where(p => p.From > now).Append(new PriceTimeline([.. channel]).InForceAt(now)))
            .OfType<Price>()
            .Where(p => !cap.Check(p.Amount, p.Basis, market.VatRate, landed).IsSuccess)
            .Select(p => $"{p.Channel}: {p.Amount} from {p.From}")];
    }
}
