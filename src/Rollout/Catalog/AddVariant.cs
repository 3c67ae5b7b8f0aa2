using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

public sealed record AddVariantRequest(string? Sku, string? Colour = null, int? RamGb = null, int? StorageGb = null, string? Gtin = null)
{
    [JsonIgnore]
    public VariantFields Fields => new(Colour, RamGb, StorageGb, Gtin);
}

/// <summary>Adds a sellable variant to a product; SKU and GTIN are unique across the catalog.</summary>
public static class AddVariant
{
    public static async Task<Result<VariantResponse>> Handle(string product, AddVariantRequest request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetProducts.Find(product, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var validator = new Validator();
        var sku = validator.Field("sku", Sku.Parse(request.Sku));
        var terms = request.Fields.Validate(validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.Variants.AnyAsync(v => v.Sku == sku, ct))
        {
            return Error.Conflict("variant.exists", $"A variant with SKU {sku} already exists.");
        }

        if (await db.Variants.AnyAsync(v => v.Gtin == terms!.Gtin, ct))
        {
            return Error.Conflict("variant.gtin_taken", $"GTIN {terms!.Gtin} already belongs to another variant.");
        }

        var variant = Variant.Create(sku, found.Value.Code, terms!);
        db.Variants.Add(variant);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return variant.ToResponse();
    }
}
