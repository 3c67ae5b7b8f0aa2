using Rollout.Catalog;

namespace Rollout.Pricing;

/// <summary>What a part of the landed cost is.</summary>
public enum CostKind
{
    Unit,
    Freight,
    Duties,
    WarrantyProvision,
}

/// <summary>One part of a landed cost, in the currency it is paid in.</summary>
public sealed record CostLine(CostKind Kind, long MinorUnits, CurrencyCode Currency)
{
    public Money Amount => Money.FromMinorUnits(MinorUnits, Currency);
}

/// <summary>What one unit of a variant costs the brand once it stands in a market, line by line.</summary>
public sealed class LandedCost
{
    private LandedCost()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public CountryCode Market { get; private set; }

    public List<CostLine> Lines { get; private set; } = [];

    public Instant ChangedAt { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public static LandedCost Create(Sku sku, CountryCode market) => new() { Sku = sku, Market = market };

    public void Change(IReadOnlyList<CostLine> lines, string by, Instant now)
    {
        Lines = [.. lines];
        ChangedBy = by;
        ChangedAt = now;
    }

    /// <summary>The total in the market's currency, each foreign line converted at the latest stored rate.</summary>
    public Result<Money> TotalIn(CurrencyCode currency, ExchangeRates rates)
    {
        var total = Money.Zero(currency);
        foreach (var line in Lines)
        {
            var converted = rates.Convert(line.Amount, currency);
            if (!converted.IsSuccess)
            {
                return converted.Error;
            }

            total += converted.Value;
        }

        return total;
    }
}
