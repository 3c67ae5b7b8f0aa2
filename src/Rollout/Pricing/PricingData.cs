using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>Loads what pricing decisions read: rates as of a day, a landed cost, a price timeline.</summary>
public static class PricingData
{
    public static async Task<ExchangeRates> Rates(RolloutDb db, Instant now, CancellationToken ct) =>
        new(await db.ExchangeRates.AsNoTracking().ToListAsync(ct), now.InUtc().Date);

    public static Task<LandedCost?> Cost(RolloutDb db, Sku sku, CountryCode market, CancellationToken ct) =>
        db.LandedCosts.FirstOrDefaultAsync(c => c.Sku == sku && c.Market == market, ct);

    public static async Task<PriceTimeline> Timeline(RolloutDb db, Sku sku, CountryCode market, Slug channel, CancellationToken ct) =>
        new(await db.Prices.Where(p => p.Sku == sku && p.Market == market && p.Channel == channel).ToListAsync(ct));
}
