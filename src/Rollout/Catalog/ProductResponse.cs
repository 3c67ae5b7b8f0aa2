using Rollout.Markets;

namespace Rollout.Catalog;

public sealed record SpecResponse(string Key, object Value, string? Unit);

public sealed record CertificationResponse(string Regime, string Reference);

public sealed record ListingResponse(
    long Id,
    string Sku,
    string Market,
    string Channel,
    DateTimeOffset OpensAt,
    DateTimeOffset OpensAtLocal,
    DateTimeOffset? ClosesAt,
    DateTimeOffset? ClosesAtLocal,
    bool OpenNow);

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

    public static ListingResponse ToResponse(this Listing listing, Market market, Instant now) => new(
        listing.Id,
        listing.Sku.Value,
        listing.Market.Value,
        listing.Channel.Value,
        listing.OpensAt.ToDateTimeOffset(),
        WallClock.InZone(listing.OpensAt, market.Zone),
        listing.ClosesAt?.ToDateTimeOffset(),
        listing.ClosesAt is { } closes ? WallClock.InZone(closes, market.Zone) : null,
        listing.IsOpenAt(now) && market.IsOpenAt(now));
}
