namespace Rollout.Catalog;

/// <summary>
/// A GS1 Global Trade Item Number (GTIN-8, -12, -13 or -14, the barcode on the box) whose last digit is the
/// GS1 mod-10 check digit of the others.
/// </summary>
public readonly record struct Gtin
{
    private Gtin(string value) => Value = value;

    public string Value { get; }

    public static Result<Gtin> Parse(string? text)
    {
        var digits = text?.Trim();
        if (string.IsNullOrEmpty(digits))
        {
            return Error.Invalid("gtin", "gtin.required", "A GTIN (the 8, 12, 13 or 14 digits of the barcode) is required.");
        }

        if (digits.Length is not (8 or 12 or 13 or 14) || !digits.All(char.IsAsciiDigit))
        {
            return Error.Invalid("gtin", "gtin.format", $"'{text}' is not a GTIN: it must be 8, 12, 13 or 14 digits.");
        }

        var expected = CheckDigit(digits.AsSpan(0, digits.Length - 1));
        return digits[^1] - '0' == expected
            ? new Gtin(digits)
            : Error.Invalid("gtin", "gtin.check_digit", $"'{text}' fails the GS1 check digit: the last digit should be {expected}.");
    }

    /// <summary>The GS1 mod-10 check digit: weights 3 and 1 alternate from the rightmost digit.</summary>
    public static int CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var weight = i % 2 == 0 ? 3 : 1;
            sum += (payload[payload.Length - 1 - i] - '0') * weight;
        }

        return (10 - (sum % 10)) % 10;
    }

    public override string ToString() => Value;
}
