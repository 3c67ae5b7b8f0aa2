using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Catalog;

public sealed record CreateProductRequest(
    string? Code,
    string? Name = null,
    string? Category = null,
    string? Description = null,
    SpecFields[]? Specs = null)
{
    [JsonIgnore]
    public ProductFields Fields => new(Name, Category, Description, Specs);
}

public static class CreateProduct
{
    public static async Task<Result<ProductResponse>> Handle(CreateProductRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        var terms = request.Fields.Validate(validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.Products.AnyAsync(p => p.Code == code, ct))
        {
            return Error.Conflict("product.exists", $"Product '{code}' already exists; change it instead.");
        }

        var product = Product.Create(code, terms!);
        db.Products.Add(product);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return product.ToResponse([]);
    }
}
