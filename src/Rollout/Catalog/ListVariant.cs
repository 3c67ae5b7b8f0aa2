using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>
/// Offers a variant in a market through a channel. Times are wall-clock times in the market's zone;
/// without <c>opensAt</c> the listing opens with the market (or now, if the market is already live).
/// Listing the same variant, market and channel again reschedules it.
/// </summary>
public sealed record ListVariantRequest(string? Sku, string? Market, string? Channel, string? OpensAt = null, string? ClosesAt = null);

public static class ListVariant
{
    public static async Task<Result<ListingResponse>> Handle(ListVariantRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = Field(validator, "sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var market = Field(validator, "market", await GetMarkets.Find(request.Market, db, ct));
        var channel = Field(validator, "channel", await GetChannels.Find(request.Channel, db, ct));
        if (validator.ToError() is { } missing)
        {
            return missing;
        }

        var now = clock.Now();
        Instant? opensAt = request.OpensAt is null ? null : validator.Field("opensAt", WallClock.ToInstant(request.OpensAt, market!.Zone, now));
        Instant? closesAt = request.ClosesAt is null ? null : validator.Field("closesAt", WallClock.ToInstant(request.ClosesAt, market!.Zone, now));
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var opening = opensAt ?? market!.OpensAt ?? now;
        var existing = await db.Listings.FirstOrDefaultAsync(l => l.Sku == variant!.Sku && l.Market == market!.Code && l.Channel == channel!.Code, ct);
        var listed = existing is null
            ? Listing.Create(variant!, market!, channel!, opening, closesAt)
            : existing.Reschedule(opening, closesAt);
        if (!listed.IsSuccess)
        {
            return listed.Error;
        }

        if (existing is null)
        {
            db.Listings.Add(listed.Value);
        }

        await db.SaveChangesAsync(ct);
        return listed.Value.ToResponse(market!, now);
    }

    /// <summary>Takes a listing off sale now; one that has not opened yet is removed.</summary>
    public static async Task<Result<ListingResponse>> Close(long id, RolloutDb db, TimeProvider clock, CancellationToken ct)
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

        if (listing.OpensAt > now)
        {
            db.Listings.Remove(listing);
        }
        else
        {
            listing.Reschedule(listing.OpensAt, now);
        }

        var market = await db.Markets.FirstAsync(m => m.Code == listing.Market, ct);
        await db.SaveChangesAsync(ct);
        return listing.ToResponse(market, now);
    }

    private static T? Field<T>(Validator validator, string field, Result<T> found)
        where T : class
    {
        if (found.IsSuccess)
        {
            return found.Value;
        }

        validator.Add(field, found.Error.Message);
        return null;
    }
}
