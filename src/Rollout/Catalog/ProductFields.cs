using System.Text.Json;

namespace Rollout.Catalog;

/// <summary>
/// One spec as clients send it: the JSON type of <c>value</c> gives the spec's type
/// (a string is text, a number is a number with an optional unit, true/false is a flag).
/// </summary>
public sealed record SpecFields(string? Key, JsonElement Value, string? Unit = null);

/// <summary>The product fields a request carries; on change, fields left out keep their value.</summary>
public sealed record ProductFields(
    string? Name = null,
    string? Category = null,
    string? Description = null,
    SpecFields[]? Specs = null)
{
    public static ProductFields From(Product product) => new(
        product.Name,
        CategoryName(product.Category),
        product.Description,
        [.. product.Specs.Select(ToFields)]);

    public ProductFields Over(ProductFields fallback) => new(
        Name ?? fallback.Name,
        Category ?? fallback.Category,
        Description ?? fallback.Description,
        Specs ?? fallback.Specs);

    public static string CategoryName(ProductCategory category) => category switch
    {
        ProductCategory.SmartHome => "smart-home",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static SpecFields ToFields(Spec spec) => new(spec.Key, JsonSerializer.SerializeToElement(spec.Value), spec.Unit);

    public ProductTerms? Validate(Validator validator)
    {
        validator.Require(!string.IsNullOrWhiteSpace(Name), "name", "A product needs a name.");
        validator.MaxLength("name", Name, 120);
        validator.MaxLength("description", Description, 2000);
        var category = Category?.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal);
        var knownCategory = Enum.TryParse<ProductCategory>(category, ignoreCase: true, out var parsed) && !int.TryParse(category, out _);
        validator.Require(knownCategory, "category", $"'{Category}' is not a category; use phone, tablet, wearable, audio, smart-home or accessory.");

        var specs = new List<Spec>();
        var given = Specs ?? [];
        for (var i = 0; i < given.Length; i++)
        {
            var field = $"specs[{i}]";
            var key = given[i].Key?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                validator.Add($"{field}.key", "A spec needs a key, e.g. 'battery'.");
                continue;
            }

            if (key.Length > 40)
            {
                validator.Add($"{field}.key", "A spec key has at most 40 characters.");
                continue;
            }

            if (specs.Any(s => s.Key == key))
            {
                validator.Add($"{field}.key", $"Spec '{key}' is given twice.");
                continue;
            }

            var value = given[i].Value;
            Spec? spec = value.ValueKind switch
            {
                JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => Spec.OfText(key, value.GetString()!),
                JsonValueKind.Number when value.TryGetDecimal(out var number) => Spec.OfNumber(key, number, given[i].Unit),
                JsonValueKind.True => Spec.OfFlag(key, true),
                JsonValueKind.False => Spec.OfFlag(key, false),
                _ => null,
            };

            if (spec is null)
            {
                validator.Add($"{field}.value", "A spec's value is a non-empty string, a number or true/false.");
            }
            else if (spec.Kind != SpecKind.Number && given[i].Unit is not null)
            {
                validator.Add($"{field}.unit", "Only a number has a unit.");
            }
            else
            {
                specs.Add(spec);
            }
        }

        return validator.IsValid
            ? new ProductTerms(Name!.Trim(), parsed, Description?.Trim() ?? "", specs)
            : null;
    }
}
