using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

public static class CloseListing
{
    /// <summary>Takes a listing off sale now; one that has not opened yet is removed.</summary>
    public static async Task<Result<ListingResponse>> Handle(long id, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var listing = await db.Listings.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (listing is null)
        {
            return Error.NotFound("listing.not_found", $"There is no listing {id}.");
        }

        var now = clock.Now();
        if (listing.ClosesAt <= now)
        {
            return Error.Conflict("listing.closed", $"Listing {id} closed already.");
        }

        var market = await db.Markets.FirstAsync(m => m.Code == listing.Market, ct);
        if (listing.OpensAtIn(market) is not { } opens || opens >= now)
        {
            db.Listings.Remove(listing);
        }
        else
        {
            listing.CloseAt(now);
        }

        var channel = await db.Channels.FirstAsync(c => c.Code == listing.Channel, ct);
        var variant = await db.Variants.FirstAsync(v => v.Sku == listing.Sku, ct);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return listing.ToResponse(market, channel, variant, now);
    }
}
