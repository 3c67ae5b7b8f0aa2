using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>The whole catalog as staff see it: every product and variant, listed or not.</summary>
public static class GetProducts
{
    public static async Task<IReadOnlyList<ProductResponse>> All(RolloutDb db, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().ToListAsync(ct);
        var variants = (await db.Variants.AsNoTracking().ToListAsync(ct)).ToLookup(v => v.ProductCode);
        return [.. products.OrderBy(p => p.Code.Value, StringComparer.Ordinal).Select(p => p.ToResponse(variants[p.Code]))];
    }

    public static async Task<Result<ProductResponse>> One(string code, RolloutDb db, CancellationToken ct)
    {
        var found = await Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var variants = await db.Variants.AsNoTracking().Where(v => v.ProductCode == found.Value.Code).ToListAsync(ct);
        return found.Value.ToResponse(variants);
    }

    public static async Task<Result<Product>> Find(string? code, RolloutDb db, CancellationToken ct)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return slug.Error.AtField("product");
        }

        var product = await db.Products.FirstOrDefaultAsync(p => p.Code == slug.Value, ct);
        return product is null
            ? Error.NotFound("product.not_found", $"There is no product '{slug.Value}'.")
            : product;
    }

    public static async Task<Result<Variant>> FindVariant(string? sku, RolloutDb db, CancellationToken ct)
    {
        var parsed = Sku.Parse(sku);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var wanted = parsed.Value;
        var variant = await db.Variants.FirstOrDefaultAsync(v => v.Sku == wanted, ct);
        return variant is null ? VariantNotFound(parsed.Value) : variant;
    }

    public static Error VariantNotFound(Sku sku) => Error.NotFound("variant.not_found", $"There is no variant with SKU {sku}.");
}
