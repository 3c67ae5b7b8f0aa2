using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>One listed variant in the report, with what is wrong with its price, if anything.</summary>
public sealed record MarginReportRow(
    string Sku,
    string Channel,
    string Currency,
    decimal? Price,
    decimal? Net,
    decimal? Vat,
    decimal? LandedCost,
    decimal? Margin,
    IReadOnlyList<string> Flags);

public sealed record MarginReport(string Market, string Currency, decimal Cap, DateTimeOffset At, IReadOnlyList<MarginReportRow> Rows);

/// <summary>
/// Every variant listed (open or scheduled) in a market, per channel: the price in force now, net, VAT, landed cost,
/// margin, and flags: over-cap (a cost change pushed it over), below-cost, no-price, no-cost.
/// </summary>
public static class GetMarginReport
{
    public static async Task<Result<MarginReport>> Handle(string? market, string? channel, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        var found = await GetMarkets.Find(market, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var m = found.Value;
        var now = clock.Now();
        var listings = await db.Listings.AsNoTracking().Where(l => l.Market == m.Code && (l.ClosesAt == null || l.ClosesAt > now)).ToListAsync(ct);
        if (channel is not null)
        {
            listings = [.. listings.Where(l => l.Channel.Value == channel)];
        }

        var prices = (await db.Prices.AsNoTracking().Where(p => p.Market == m.Code).ToListAsync(ct)).ToLookup(p => (p.Sku, p.Channel));
        var costs = await db.LandedCosts.AsNoTracking().Where(c => c.Market == m.Code).ToDictionaryAsync(c => c.Sku, ct);
        var rates = await PricingData.Rates(db, now, ct);

        var rows = listings
            .OrderBy(l => l.Channel.Value, StringComparer.Ordinal).ThenBy(l => l.Sku.Value, StringComparer.Ordinal)
            .Select(l => Row(l.Sku, l.Channel, m, new PriceTimeline([.. prices[(l.Sku, l.Channel)]]).InForceAt(now), costs.GetValueOrDefault(l.Sku), rates, cap))
            .ToList();
        return new MarginReport(m.Code.Value, m.Currency.Value, cap.Value, now.ToDateTimeOffset(), rows);
    }

    private static MarginReportRow Row(Catalog.Sku sku, Slug channel, Market market, Price? price, LandedCost? cost, ExchangeRates rates, MarginCap cap)
    {
        var flags = new List<string>();
        var landed = cost?.TotalIn(market.Currency, rates);
        if (cost is null || landed is { IsSuccess: false })
        {
            flags.Add("no-cost");
        }

        if (price is null)
        {
            flags.Add("no-price");
            return new MarginReportRow(sku.Value, channel.Value, market.Currency.Value, null, null, null, landed is { IsSuccess: true } l ? l.Value.Amount : null, null, flags);
        }

        var breakdown = PriceBreakdown.Of(price.Amount, price.Basis, market.VatRate);
        decimal? margin = null;
        if (landed is { IsSuccess: true } known)
        {
            var exact = MarginCap.Margin(breakdown.Net, known.Value);
            margin = decimal.Round(exact, 4);
            if (exact > cap.Value)
            {
                flags.Add("over-cap");
            }

            if (exact < 0)
            {
                flags.Add("below-cost");
            }
        }

        return new MarginReportRow(sku.Value, channel.Value, market.Currency.Value, price.Amount.Amount, breakdown.Net.Amount, breakdown.Vat.Amount,
            landed is { IsSuccess: true } cost2 ? cost2.Value.Amount : null, margin, flags);
    }
}
