using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>
/// The price in force of a variant in a market through a channel (the online store unless named), now or at
/// <c>at</c>: an instant with its offset ("2027-05-22T08:00:00Z") or a local time in the market's zone. Wholesale
/// (partner) prices and prices to come are for staff.
/// </summary>
public static class GetPrice
{
    public static async Task<Result<PriceResponse>> Handle(string market, string sku, string? channel, string? at, bool staff, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var m = validator.Field("market", await GetMarkets.Find(market, db, ct));
        var variant = validator.Field("sku", await GetProducts.FindVariant(sku, db, ct));
        if (validator.ToError() is { } missing)
        {
            return missing;
        }

        var c = channel is null ? await GetChannels.OnlineStoreOf(m.Code, db, ct) : await GetChannels.Find(channel, db, ct);
        if (!c.IsSuccess)
        {
            return c.Error;
        }

        if (c.Value.Kind == ChannelKind.Partner && !staff)
        {
            return Error.NotFound("price.not_public", $"Prices of partner '{c.Value.Code}' are wholesale prices for staff and the partner only.");
        }

        var now = clock.Now();
        var instant = When(at, m, now);
        if (!instant.IsSuccess)
        {
            return instant.Error;
        }

        if (!staff && !m.IsOpenAt(instant.Value))
        {
            return Error.NotFound("price.market_not_open", $"{m.Name} is not open at that time; its prices are for staff until it opens.");
        }

        if (instant.Value > now && !staff)
        {
            return Error.Invalid("at", "price.future_for_staff", "Prices to come are for staff until they hold; ask for now or a past instant.");
        }

        var timeline = await PricingData.Timeline(db, variant.Sku, m.Code, c.Value.Code, ct);
        return timeline.InForceAt(instant.Value) is { } price
            ? price.ToResponse(m, timeline, instant.Value)
            : Error.NotFound("price.none", $"{variant.Sku} has no price in {m.Code} through '{c.Value.Code}' at that time.");
    }

    /// <summary>The prices in force now of several variants through one channel, for a storefront page.</summary>
    public static async Task<IReadOnlyDictionary<string, PriceResponse>> InForce(string market, string channel, IEnumerable<string> skus, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var m = await GetMarkets.Find(market, db, ct);
        var slug = Slug.Parse(channel);
        if (!m.IsSuccess || !slug.IsSuccess)
        {
            return new Dictionary<string, PriceResponse>();
        }

        var now = clock.Now();
        var wanted = skus.ToHashSet(StringComparer.Ordinal);
        var prices = (await db.Prices.AsNoTracking().Where(p => p.Market == m.Value.Code && p.Channel == slug.Value).ToListAsync(ct))
            .Where(p => wanted.Contains(p.Sku.Value))
            .ToLookup(p => p.Sku.Value);
        var found = new Dictionary<string, PriceResponse>(StringComparer.Ordinal);
        foreach (var group in prices)
        {
            var timeline = new PriceTimeline([.. group]);
            if (timeline.InForceAt(now) is { } price)
            {
                found[group.Key] = price.ToResponse(m.Value, timeline, now);
            }
        }

        return found;
    }

    private static Result<Instant> When(string? at, Market market, Instant now)
    {
        if (at is null)
        {
            return now;
        }

        if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact) && (at.EndsWith('Z') || at.Contains('+', StringComparison.Ordinal) || at.LastIndexOf('-') > 9))
        {
            return Instant.FromDateTimeOffset(exact);
        }

        var local = WallClock.ToInstant(at, market.Zone, now);
        return local.IsSuccess ? local : local.Error.AtField("at");
    }
}
