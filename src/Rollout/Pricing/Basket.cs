using Rollout.Markets;

namespace Rollout.Pricing;

public sealed record BasketLine(Money UnitPrice, int Quantity, VatRate VatRate, PriceBasis Basis);

/// <summary>Each line's breakdown, the VAT per rate, and the total; every sum adds up to the minor unit.</summary>
public sealed record BasketTotals(IReadOnlyList<PriceBreakdown> Lines, IReadOnlyList<PriceBreakdown> ByRate, PriceBreakdown Total);

/// <summary>Totals a basket the way invoices must: each line is priced and rounded first, then lines are summed.</summary>
public static class Basket
{
    public static BasketTotals Total(IReadOnlyList<BasketLine> lines, CurrencyCode currency)
    {
        var priced = lines.Select(l => PriceBreakdown.Of(l.UnitPrice * l.Quantity, l.Basis, l.VatRate)).ToList();
        var zero = new PriceBreakdown(Money.Zero(currency), Money.Zero(currency), Money.Zero(currency), 0m);
        var byRate = priced
            .GroupBy(p => p.VatRate)
            .OrderBy(g => g.Key)
            .Select(g => g.Aggregate(zero with { VatRate = g.Key }, (sum, line) => sum.Add(line)))
            .ToList();
        return new BasketTotals(priced, byRate, priced.Aggregate(zero, (sum, line) => sum.Add(line)));
    }
}
