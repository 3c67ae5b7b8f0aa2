using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

public static class ChangeVariant
{
    public static async Task<Result<VariantResponse>> Handle(string sku, VariantFields request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetProducts.FindVariant(sku, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var variant = found.Value;
        var validator = new Validator();
        var terms = request.Over(VariantFields.From(variant)).Validate(validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.Variants.AnyAsync(v => v.Gtin == terms!.Gtin && v.Sku != variant.Sku, ct))
        {
            return Error.Conflict("variant.gtin_taken", $"GTIN {terms!.Gtin} already belongs to another variant.");
        }

        variant.Change(terms!);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return variant.ToResponse();
    }
}
