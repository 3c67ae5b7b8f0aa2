namespace Rollout.Markets;

/// <summary>A standard VAT or sales-tax rate as a fraction (0.20 for 20 %), from 0 up to but not including 1.</summary>
public readonly record struct VatRate
{
    private VatRate(decimal value) => Value = value;

    public decimal Value { get; }

    public static Result<VatRate> Parse(decimal? rate)
    {
        if (rate is not { } value)
        {
            return Error.Invalid("vatRate", "vat.required", "A VAT rate is required, as a fraction (0.20 for 20 %).");
        }

        if (value is < 0m or >= 1m)
        {
            return Error.Invalid("vatRate", "vat.range", $"A VAT rate is a fraction from 0 up to 1 (0.20 for 20 %); {value} is outside that range.");
        }

        return decimal.Round(value, 4) == value
            ? new VatRate(value)
            : Error.Invalid("vatRate", "vat.precision", "A VAT rate has at most four decimals (0.0550 for 5.5 %).");
    }

    public override string ToString() => Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
}
