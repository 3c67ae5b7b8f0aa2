namespace Rollout.Catalog;

/// <summary>What a buyer reads for a SKU: "Lumio Nova 8 Pro · Midnight Black · 12 GB + 256 GB".</summary>
public static class VariantNames
{
    public static string Describe(string product, Variant variant)
    {
        var memory = (variant.RamGb, variant.StorageGb) switch
        {
            ({ } ram, { } storage) => $"{ram} GB + {storage} GB",
            (null, { } storage) => $"{storage} GB",
            ({ } ram, null) => $"{ram} GB",
            _ => null,
        };
        return string.Join(" · ", new[] { product, variant.Colour, memory }.Where(part => !string.IsNullOrWhiteSpace(part)));
    }
}
