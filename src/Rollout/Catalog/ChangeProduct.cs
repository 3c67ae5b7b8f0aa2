using Rollout.Storage;

namespace Rollout.Catalog;

public static class ChangeProduct
{
    public static async Task<Result<ProductResponse>> Handle(string code, ProductFields request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetProducts.Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var product = found.Value;
        var validator = new Validator();
        var terms = request.Over(ProductFields.From(product)).Validate(validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        product.Change(terms!);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return await GetProducts.One(code, db, ct);
    }
}
