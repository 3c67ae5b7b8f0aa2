using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>
/// Offers a variant in a market through a channel. Times are wall-clock times in the market's zone;
/// without <c>opensAt</c> the listing opens with the market, and follows it if the opening moves.
/// Listing the same variant, market and channel again reschedules it.
/// </summary>
public sealed record ListVariantRequest(string? Sku, string? Market, string? Channel, string? OpensAt = null, string? ClosesAt = null);

public static class ListVariant
{
    public static async Task<Result<ListingResponse>> Handle(ListVariantRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        if (validator.ToError() is { } missing)
        {
            return missing;
        }

        var now = clock.Now();
        Instant? opensAt = request.OpensAt is null ? null : validator.Field("opensAt", WallClock.ToInstant(request.OpensAt, market.Zone, now));
        Instant? closesAt = request.ClosesAt is null ? null : validator.Field("closesAt", WallClock.ToInstant(request.ClosesAt, market.Zone, now));
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var existing = await db.Listings.FirstOrDefaultAsync(l => l.Sku == variant.Sku && l.Market == market.Code && l.Channel == channel.Code, ct);
        var listed = Listing.Schedule(existing, variant, market, channel, opensAt, closesAt, now);
        if (!listed.IsSuccess)
        {
            return listed.Error;
        }

        if (existing is null)
        {
            db.Listings.Add(listed.Value);
        }

        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return listed.Value.ToResponse(market, channel, variant, now);
    }
}
