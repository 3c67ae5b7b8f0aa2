using Rollout.Catalog;

namespace Rollout.Pricing;

/// <summary>
/// A price of a variant in a market through a channel, as the buyer sees it (VAT included where the market's law
/// says so; net for US shelves and partners' wholesale). A regular price holds from an instant until the next
/// regular price; a temporary price (a launch price) holds from one instant until another and wins over the
/// regular one. Temporary prices of one variant, market and channel never overlap, so the price in force at any
/// instant is unambiguous.
/// </summary>
public sealed class Price
{
    private Price()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    public long AmountMinorUnits { get; private set; }

    public CurrencyCode Currency { get; private set; }

    public PriceBasis Basis { get; private set; }

    public Instant From { get; private set; }

    public Instant? Until { get; private set; }

    public Money Amount => Money.FromMinorUnits(AmountMinorUnits, Currency);

    public bool IsTemporary => Until is not null;

    public bool HoldsAt(Instant at) => From <= at && (Until is null || at < Until);

    public static Price Create(Sku sku, CountryCode market, Slug channel, Money amount, PriceBasis basis, Instant from, Instant? until) =>
        new()
        {
            Sku = sku,
            Market = market,
            Channel = channel,
            AmountMinorUnits = amount.MinorUnits,
            Currency = amount.Currency,
            Basis = basis,
            From = from,
            Until = until,
        };

    public void Replace(Money amount, PriceBasis basis)
    {
        AmountMinorUnits = amount.MinorUnits;
        Currency = amount.Currency;
        Basis = basis;
    }
}

/// <summary>Who changed which price when, from what to what.</summary>
public sealed class PriceChange
{
    private PriceChange()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    public CurrencyCode Currency { get; private set; }

    public long? OldMinorUnits { get; private set; }

    public long NewMinorUnits { get; private set; }

    public Instant From { get; private set; }

    public Instant? Until { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public Instant ChangedAt { get; private set; }

    public static PriceChange Of(Price price, Money? old, string by, Instant at) => new()
    {
        Sku = price.Sku,
        Market = price.Market,
        Channel = price.Channel,
        Currency = price.Currency,
        OldMinorUnits = old?.MinorUnits,
        NewMinorUnits = price.AmountMinorUnits,
        From = price.From,
        Until = price.Until,
        ChangedBy = by,
        ChangedAt = at,
    };
}

/// <summary>How suggested prices end in a market ("9.99" gives 499.99; "99" gives 4 999 kr; "0" gives whole units).</summary>
public sealed class PriceEnding
{
    private PriceEnding()
    {
    }

    public CountryCode Market { get; private set; }

    public decimal Ending { get; private set; }

    public static PriceEnding Create(CountryCode market, decimal ending) => new() { Market = market, Ending = ending };

    public void Change(decimal ending) => Ending = ending;

    /// <summary>
    /// The largest amount at or below <paramref name="amount"/> that ends as asked: with ending E and m the power of
    /// ten just above E's integer part, the result r satisfies r mod m = E.
    /// </summary>
    public static Money Apply(decimal ending, Money amount)
    {
        var modulus = 1m;
        while (modulus <= decimal.Truncate(ending))
        {
            modulus *= 10;
        }

        var candidate = Money.Floor((decimal.Floor((amount.Amount - ending) / modulus) * modulus) + ending, amount.Currency);
        return candidate.MinorUnits > 0 ? candidate : amount; // Too small to take the ending: keep it as it is.
    }
}
