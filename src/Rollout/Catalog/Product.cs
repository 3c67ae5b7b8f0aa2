namespace Rollout.Catalog;

/// <summary>What kind of thing a product is; storefronts group by it.</summary>
public enum ProductCategory
{
    Phone,
    Tablet,
    Wearable,
    Audio,
    SmartHome,
    Accessory,
}

/// <summary>A model the brand sells (a phone, a smart-home device), with its specs; it is sold as variants.</summary>
public sealed class Product
{
    private Product()
    {
    }

    public Slug Code { get; private set; }

    public string Name { get; private set; } = "";

    public ProductCategory Category { get; private set; }

    public string Description { get; private set; } = "";

    public List<Spec> Specs { get; private set; } = [];

    public static Product Create(Slug code, ProductTerms terms)
    {
        var product = new Product { Code = code };
        product.Change(terms);
        return product;
    }

    public void Change(ProductTerms terms)
    {
        Name = terms.Name;
        Category = terms.Category;
        Description = terms.Description;
        Specs = [.. terms.Specs];
    }
}

public sealed record ProductTerms(string Name, ProductCategory Category, string Description, IReadOnlyList<Spec> Specs);

/// <summary>The type of a spec's value.</summary>
public enum SpecKind
{
    Text,
    Number,
    Flag,
}

/// <summary>
/// One typed fact about a product ("battery" = 5000 mAh, "nfc" = true, "display" = "6.67-inch AMOLED").
/// Exactly one of Text, Number and Flag holds the value, as Kind says.
/// </summary>
public sealed record Spec(string Key, SpecKind Kind, string? Text, decimal? Number, bool? Flag, string? Unit)
{
    public static Spec OfText(string key, string text) => new(key, SpecKind.Text, text, null, null, null);

    public static Spec OfNumber(string key, decimal number, string? unit) => new(key, SpecKind.Number, null, number, null, unit);

    public static Spec OfFlag(string key, bool flag) => new(key, SpecKind.Flag, null, null, flag, null);

    public object Value => Kind switch
    {
        SpecKind.Text => Text!,
        SpecKind.Number => Number!.Value / 1.000000000000000000000000000000000m, // Drops trailing zeros a database may add.
        _ => Flag!.Value,
    };
}
