namespace Rollout.Pricing;

/// <summary>One unit of <see cref="From"/> buys <see cref="Rate"/> units of <see cref="To"/> on a date, as a source published it.</summary>
public sealed class ExchangeRate
{
    private ExchangeRate()
    {
    }

    public long Id { get; private set; }

    public CurrencyCode From { get; private set; }

    public CurrencyCode To { get; private set; }

    public decimal Rate { get; private set; }

    public LocalDate Date { get; private set; }

    public string Source { get; private set; } = "";

    public static ExchangeRate Create(CurrencyCode from, CurrencyCode to, decimal rate, LocalDate date, string source) =>
        new() { From = from, To = to, Rate = rate, Date = date, Source = source };

    public void Change(decimal rate, string source)
    {
        Rate = rate;
        Source = source;
    }
}

/// <summary>The stored rates as of a day: the latest on or before it, used directly or inverted.</summary>
public sealed class ExchangeRates(IReadOnlyList<ExchangeRate> rates, LocalDate asOf)
{
    public Result<Money> Convert(Money money, CurrencyCode to)
    {
        if (money.Currency == to)
        {
            return money;
        }

        return RateOf(money.Currency, to) is { } rate
            ? Money.Round(money.Amount * rate, to)
            : Error.Invalid("currency", "rate.missing", $"There is no exchange rate from {money.Currency} to {to} on or before {asOf:uuuu-MM-dd}; add one first.");
    }

    public decimal? RateOf(CurrencyCode from, CurrencyCode to)
    {
        var direct = Latest(from, to);
        var inverse = Latest(to, from);
        return (direct, inverse) switch
        {
            ({ } d, { } i) => d.Date >= i.Date ? d.Rate : 1m / i.Rate,
            ({ } d, null) => d.Rate,
            (null, { } i) => 1m / i.Rate,
            _ => null,
        };
    }

    private ExchangeRate? Latest(CurrencyCode from, CurrencyCode to) =>
        rates.Where(r => r.From == from && r.To == to && r.Date <= asOf).MaxBy(r => r.Date);
}
