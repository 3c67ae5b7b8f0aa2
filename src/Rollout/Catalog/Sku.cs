using System.Text.RegularExpressions;

namespace Rollout.Catalog;

/// <summary>A stock-keeping unit code: 3 to 40 upper-case letters, digits and hyphens ("NOVA8P-BLK-256").</summary>
public readonly partial record struct Sku
{
    private Sku(string value) => Value = value;

    public string Value { get; }

    public static Result<Sku> Parse(string? text)
    {
        var code = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return Error.Invalid("sku", "sku.required", "A SKU is required, e.g. 'NOVA8P-BLK-256'.");
        }

        return Pattern().IsMatch(code)
            ? new Sku(code)
            : Error.Invalid("sku", "sku.format", $"'{text}' is not a SKU: use 3-40 letters, digits and hyphens.");
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9](?:[A-Z0-9-]{1,38})[A-Z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
