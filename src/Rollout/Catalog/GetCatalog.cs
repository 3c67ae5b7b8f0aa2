using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

public sealed record CatalogVariant(string Sku, string Colour, int? RamGb, int? StorageGb, string Gtin);

public sealed record CatalogProduct(
    string Code,
    string Name,
    string Category,
    string Description,
    IReadOnlyList<SpecResponse> Specs,
    IReadOnlyList<CatalogVariant> Variants);

/// <summary>What a market's channel offers at an instant; empty before the market opens.</summary>
public sealed record CatalogResponse(
    string Market,
    string Channel,
    string MarketStatus,
    DateTimeOffset At,
    DateTimeOffset? OpensAtLocal,
    IReadOnlyList<CatalogProduct> Products);

/// <summary>
/// The public catalog: exactly the listings a buyer can get at this instant (<see cref="Listing.IsSellableAt"/>:
/// the window is open, the market live, the channel sells there, the variant holds the market's certification).
/// The rules are checked again here, so a change to a channel, a certificate or a market takes effect at once.
/// </summary>
public static class GetCatalog
{
    public static async Task<Result<CatalogResponse>> Handle(string market, string? channel, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var foundMarket = await GetMarkets.Find(market, db, ct);
        if (!foundMarket.IsSuccess)
        {
            return foundMarket.Error;
        }

        var m = foundMarket.Value;
        var foundChannel = channel is null ? await GetChannels.OnlineStoreOf(m.Code, db, ct) : await GetChannels.Find(channel, db, ct);
        if (!foundChannel.IsSuccess)
        {
            return foundChannel.Error;
        }

        var c = foundChannel.Value;
        if (!c.SellsIn(m.Code))
        {
            return Error.Invalid("channel", "channel.outside_markets", $"Channel '{c.Code}' does not sell in {m.Code}.");
        }

        var now = clock.Now();
        var products = m.IsOpenAt(now) ? await OpenProducts(m, c, now, db, ct) : [];
        return new CatalogResponse(
            m.Code.Value,
            c.Code.Value,
            m.StatusAt(now).ToString().ToLowerInvariant(),
            now.ToDateTimeOffset(),
            m.OpensAt is { } opens ? WallClock.InZone(opens, m.Zone) : null,
            products);
    }

    private static async Task<List<CatalogProduct>> OpenProducts(Market market, Channel channel, Instant now, RolloutDb db, CancellationToken ct)
    {
        var listings = await db.Listings.AsNoTracking()
            .Where(l => l.Market == market.Code && l.Channel == channel.Code && (l.OpensAt == null || l.OpensAt <= now) && (l.ClosesAt == null || l.ClosesAt > now))
            .ToListAsync(ct);
        var skus = listings.Select(l => l.Sku).ToList();
        var candidates = (await db.Variants.AsNoTracking().Where(v => skus.Contains(v.Sku)).ToListAsync(ct)).ToDictionary(v => v.Sku);
        var variants = listings
            .Where(l => l.IsSellableAt(now, market, channel, candidates[l.Sku]))
            .Select(l => candidates[l.Sku])
            .ToList();
        var productCodes = variants.Select(v => v.ProductCode).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productCodes.Contains(p.Code)).ToListAsync(ct);
        var byProduct = variants.ToLookup(v => v.ProductCode);
        return [.. products
            .OrderBy(p => p.Category).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new CatalogProduct(
                p.Code.Value,
                p.Name,
                ProductFields.CategoryName(p.Category),
                p.Description,
                [.. p.Specs.Select(s => new SpecResponse(s.Key, s.Value, s.Unit))],
                [.. byProduct[p.Code].OrderBy(v => v.Sku.Value, StringComparer.Ordinal)
                    .Select(v => new CatalogVariant(v.Sku.Value, v.Colour, v.RamGb, v.StorageGb, v.Gtin.Value))]))];
    }
}
