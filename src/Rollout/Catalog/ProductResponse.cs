using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Catalog;

public sealed record SpecResponse(string Key, object Value, string? Unit);

public sealed record CertificationResponse(string Regime, string Reference);

/// <summary>
/// A listing as staff see it. <c>opensAt</c> is its own opening, or the market's when <c>opensWithMarket</c>;
/// <c>openNow</c> says whether a buyer can get it this instant; <c>blocked</c> names the rule that stops an open
/// window from selling (the channel no longer sells there, the certificate is gone).
/// </summary>
public sealed record ListingResponse(
    long Id,
    string Sku,
    string Market,
    string Channel,
    bool OpensWithMarket,
    DateTimeOffset? OpensAt,
    DateTimeOffset? OpensAtLocal,
    DateTimeOffset? ClosesAt,
    DateTimeOffset? ClosesAtLocal,
    bool OpenNow,
    string? Blocked);

public sealed record VariantResponse(
    string Sku,
    string Product,
    string Colour,
    int? RamGb,
    int? StorageGb,
    string Gtin,
    IReadOnlyList<CertificationResponse> Certifications);

public sealed record ProductResponse(
    string Code,
    string Name,
    string Category,
    string Description,
    IReadOnlyList<SpecResponse> Specs,
    IReadOnlyList<VariantResponse> Variants);

public static class CatalogResponses
{
    public static ProductResponse ToResponse(this Product product, IEnumerable<Variant> variants) => new(
        product.Code.Value,
        product.Name,
        ProductFields.CategoryName(product.Category),
        product.Description,
        [.. product.Specs.Select(s => new SpecResponse(s.Key, s.Value, s.Unit))],
        [.. variants.OrderBy(v => v.Sku.Value, StringComparer.Ordinal).Select(v => v.ToResponse())]);

    public static VariantResponse ToResponse(this Variant variant) => new(
        variant.Sku.Value,
        variant.ProductCode.Value,
        variant.Colour,
        variant.RamGb,
        variant.StorageGb,
        variant.Gtin.Value,
        [.. variant.Certifications.OrderBy(c => c.Regime.Value, StringComparer.Ordinal).Select(c => new CertificationResponse(c.Regime.Value, c.Reference))]);

    public static ListingResponse ToResponse(this Listing listing, Market market, Channel channel, Variant variant, Instant now)
    {
        var opens = listing.OpensAtIn(market);
        return new(
            listing.Id,
            listing.Sku.Value,
            listing.Market.Value,
            listing.Channel.Value,
            listing.OpensAt is null,
            opens?.ToDateTimeOffset(),
            opens is { } o ? WallClock.InZone(o, market.Zone) : null,
            listing.ClosesAt?.ToDateTimeOffset(),
            listing.ClosesAt is { } closes ? WallClock.InZone(closes, market.Zone) : null,
            listing.IsSellableAt(now, market, channel, variant),
            listing.HasClosedBy(now) ? null : Listing.Rule(market, channel, variant)?.Message);
    }
}
