using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>Listings as staff see them, past, present and scheduled, optionally of one market.</summary>
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

        var markets = await db.Markets.AsNoTracking().ToDictionaryAsync(m => m.Code, ct);
        var now = clock.Now();
        return (await query.ToListAsync(ct))
            .OrderBy(l => l.Market.Value, StringComparer.Ordinal).ThenBy(l => l.Sku.Value, StringComparer.Ordinal).ThenBy(l => l.Channel.Value, StringComparer.Ordinal)
            .Select(l => l.ToResponse(markets[l.Market], now))
            .ToList();
    }
}
