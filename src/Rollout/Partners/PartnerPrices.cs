using Microsoft.EntityFrameworkCore;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Partners;

/// <summary>A partner's wholesale price list in one of its markets: the variants listed for it there and their prices in force (Pricing's, for its channel).</summary>
public static class PartnerPrices
{
    public static async Task<Result<IReadOnlyList<PriceResponse>>> List(Slug partner, string? market, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var code = CountryCode.Parse(market);
        if (!code.IsSuccess)
        {
            return code.Error.AtField("market");
        }

        var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Code == partner, ct);
        if (!channel.SellsIn(code.Value))
        {
            return Error.Invalid("market", "partner.market", $"'{partner}' does not sell in {code.Value}; its markets are {string.Join(", ", channel.Markets)}.");
        }

        var listed = await db.Listings.AsNoTracking().Where(l => l.Market == code.Value && l.Channel == partner).Select(l => l.Sku).ToListAsync(ct);
        var prices = await GetPrice.InForce(code.Value.Value, partner.Value, listed.Select(s => s.Value), db, clock, ct);
        return prices.Values.OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();
    }
}
