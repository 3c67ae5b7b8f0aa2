using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>Listings as staff see them, past, open and scheduled, optionally of one market, with what blocks them.</summary>
public static class GetListings
{
    public static async Task<Result<IReadOnlyList<ListingResponse>>> All(string? market, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var query = db.Listings.AsNoTracking();
        if (market is not null)
        {
            var code = CountryCode.Parse(market);
            if (!code.IsSuccess)
            {
                return code.Error.AtField("market");
            }

            query = query.Where(l => l.Market == code.Value);
        }

        var listings = await query.ToListAsync(ct);
        var markets = await db.Markets.AsNoTracking().ToDictionaryAsync(m => m.Code, ct);
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, ct);
        var variants = await db.Variants.AsNoTracking().ToDictionaryAsync(v => v.Sku, ct);
        var now = clock.Now();
        return listings
            .OrderBy(l => l.Market.Value, StringComparer.Ordinal).ThenBy(l => l.Sku.Value, StringComparer.Ordinal).ThenBy(l => l.Channel.Value, StringComparer.Ordinal)
            .Select(l => l.ToResponse(markets[l.Market], channels[l.Channel], variants[l.Sku], now))
            .ToList();
    }
}
