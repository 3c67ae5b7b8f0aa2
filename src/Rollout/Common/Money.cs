using System.Globalization;

namespace Rollout.Common;

/// <summary>
/// An amount in one currency, held as a whole number of the currency's minor units (cents, öre, yen), so it is
/// exact, and SQLite and PostgreSQL store and compare it alike. Adding amounts of two currencies is a bug and
/// throws; amounts are rounded only by <see cref="Round"/>, to the currency's minor unit.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    private Money(long minorUnits, CurrencyCode currency)
    {
        MinorUnits = minorUnits;
        Currency = currency;
    }

    public long MinorUnits { get; }

    public CurrencyCode Currency { get; }

    public decimal Amount => MinorUnits / Scale(Currency);

    public static Money Zero(CurrencyCode currency) => new(0, currency);

    public static Money FromMinorUnits(long minorUnits, CurrencyCode currency) => new(minorUnits, currency);

    /// <summary>The largest amount Rollout takes (a trillion units), far above any price, so sums never overflow.</summary>
    public const decimal Limit = 1_000_000_000_000m;

    /// <summary>An exact amount as typed: more decimals than the currency has is an error, not a rounding.</summary>
    public static Result<Money> Exact(decimal amount, CurrencyCode currency)
    {
        if (Math.Abs(amount) >= Limit)
        {
            return Error.Invalid("amount", "money.range", $"{amount} is out of range; amounts stay below {Limit:N0}.");
        }

        var scaled = amount * Scale(currency);
        return scaled == decimal.Truncate(scaled)
            ? new Money(checked((long)scaled), currency)
            : Error.Invalid("amount", "money.precision", $"{amount} has more decimals than {currency} allows ({currency.MinorUnits}).");
    }

    /// <summary>A computed amount rounded half away from zero to the currency's minor unit (commercial rounding).</summary>
    public static Money Round(decimal amount, CurrencyCode currency) =>
        new(checked((long)decimal.Round(amount * Scale(currency), 0, MidpointRounding.AwayFromZero)), currency);

    /// <summary>A computed amount rounded down to the minor unit, for limits that must not be exceeded.</summary>
    public static Money Floor(decimal amount, CurrencyCode currency) =>
        new(checked((long)decimal.Floor(amount * Scale(currency))), currency);

    public static Money operator +(Money left, Money right) => new(checked(left.MinorUnits + right.Same(left).MinorUnits), left.Currency);

    public static Money operator -(Money left, Money right) => new(checked(left.MinorUnits - right.Same(left).MinorUnits), left.Currency);

    public static Money operator *(Money money, int quantity) => new(checked(money.MinorUnits * quantity), money.Currency);

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public int CompareTo(Money other) => MinorUnits.CompareTo(other.Same(this).MinorUnits);

    public bool IsNegative => MinorUnits < 0;

    /// <summary>The amount as a shopper in <paramref name="culture"/> reads it: "1.299,00 €" in it-IT, "£1,299.00" in en-GB.</summary>
    public string Format(CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencyDecimalDigits = Currency.MinorUnits;
        format.CurrencySymbol = SymbolIn(culture);
        return Amount.ToString("C", format);
    }

    public override string ToString() => $"{Amount.ToString($"F{Currency.MinorUnits}", CultureInfo.InvariantCulture)} {Currency}";

    private string SymbolIn(CultureInfo culture)
    {
        try
        {
            var region = new RegionInfo(culture.Name);
            return region.ISOCurrencySymbol == Currency.Value ? region.CurrencySymbol : Currency.Value;
        }
        catch (ArgumentException)
        {
            return Currency.Value;
        }
    }

    private Money Same(Money other) => other.Currency == Currency
        ? this
        : throw new InvalidOperationException($"Cannot combine {Currency} with {other.Currency}; convert first.");

    private static decimal Scale(CurrencyCode currency) => Scales[currency.MinorUnits];

    private static readonly decimal[] Scales = [1m, 10m, 100m, 1000m, 10000m];
}
