namespace Rollout.Catalog;

/// <summary>The variant fields a request carries; on change, fields left out keep their value.</summary>
public sealed record VariantFields(string? Colour = null, int? RamGb = null, int? StorageGb = null, string? Gtin = null)
{
    public static VariantFields From(Variant variant) =>
        new(variant.Colour, variant.RamGb, variant.StorageGb, variant.Gtin.Value);

    public VariantFields Over(VariantFields fallback) => new(
        Colour ?? fallback.Colour,
        RamGb ?? fallback.RamGb,
        StorageGb ?? fallback.StorageGb,
        Gtin ?? fallback.Gtin);

    public VariantTerms? Validate(Validator validator)
    {
        validator.Require(!string.IsNullOrWhiteSpace(Colour), "colour", "A variant needs a colour, e.g. 'Midnight Black'.");
        validator.MaxLength("colour", Colour, 60);
        validator.Require(RamGb is null or (> 0 and <= 1024), "ramGb", "Memory (RAM) is a number of gigabytes from 1 to 1024.");
        validator.Require(StorageGb is null or (> 0 and <= 65536), "storageGb", "Storage is a number of gigabytes from 1 to 65536.");
        var gtin = validator.Field("gtin", Catalog.Gtin.Parse(Gtin));
        return validator.IsValid ? new VariantTerms(Colour!.Trim(), RamGb, StorageGb, gtin) : null;
    }
}
