using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>What a buyer reads for a SKU: "Lumio Nova 8 Pro · Midnight Black · 12 GB + 256 GB".</summary>
public static class VariantNames
{
    public static async Task<IReadOnlyDictionary<Sku, string>> Of(IReadOnlyCollection<Sku> skus, RolloutDb db, CancellationToken ct)
    {
        if (skus.Count == 0)
        {
            return new Dictionary<Sku, string>();
        }

        var wanted = skus.Distinct().ToList();
        return await Of(await db.Variants.AsNoTracking().Where(v => wanted.Contains(v.Sku)).ToListAsync(ct), db, ct);
    }

    /// <summary>The names of variants already read: only their products' names are looked up.</summary>
    public static async Task<IReadOnlyDictionary<Sku, string>> Of(IReadOnlyCollection<Variant> variants, RolloutDb db, CancellationToken ct)
    {
        var codes = variants.Select(v => v.ProductCode).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        return variants.ToDictionary(v => v.Sku, v => Describe(products.GetValueOrDefault(v.ProductCode) ?? v.ProductCode.Value, v));
    }

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
