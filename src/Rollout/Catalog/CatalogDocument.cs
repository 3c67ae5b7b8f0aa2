using System.Text.Json.Serialization;
using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Catalog;

/// <summary>
/// The catalog file format ("rollout-catalog/1") read by <c>rollout catalog import</c> and written by
/// <c>rollout catalog export</c>; the demo data is such a file. Local times are wall-clock times in the
/// market's zone; "--05-22T10:00" means the next May 22 at 10:00. See docs/catalog-format.md.
/// </summary>
public sealed record CatalogDocument(
    string? Format,
    IReadOnlyList<CreateMarketRequest>? Markets,
    IReadOnlyList<CreateChannelRequest>? Channels,
    IReadOnlyList<ProductEntry>? Products)
{
    public const string CurrentFormat = "rollout-catalog/1";
}

public sealed record ProductEntry(
    string? Code,
    string? Name = null,
    string? Category = null,
    string? Description = null,
    SpecFields[]? Specs = null,
    IReadOnlyList<VariantEntry>? Variants = null)
{
    [JsonIgnore]
    public CreateProductRequest Request => new(Code, Name, Category, Description, Specs);
}

public sealed record VariantEntry(
    string? Sku,
    string? Colour = null,
    int? RamGb = null,
    int? StorageGb = null,
    string? Gtin = null,
    IReadOnlyList<CertifyVariantRequest>? Certifications = null,
    IReadOnlyList<ListingEntry>? Listings = null)
{
    [JsonIgnore]
    public AddVariantRequest Request => new(Sku, Colour, RamGb, StorageGb, Gtin);
}

/// <summary>The variant is listed in <c>market</c> through each of <c>channels</c>, in one window.</summary>
public sealed record ListingEntry(string? Market, string[]? Channels, string? OpensAt = null, string? ClosesAt = null);
