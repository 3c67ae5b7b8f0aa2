using Rollout.Markets;

namespace Rollout.Pricing;

/// <summary>
/// A price split into net, VAT and gross, which always add up to the minor unit: the VAT is computed and rounded
/// once, and the other side is derived by subtraction or addition.
/// </summary>
public sealed record PriceBreakdown(Money Net, Money Vat, Money Gross, decimal VatRate)
{
    /// <summary>From a tax-inclusive price (EU, GB, HK shelves): VAT = gross × rate / (1 + rate), rounded.</summary>
    public static PriceBreakdown FromGross(Money gross, VatRate rate)
    {
        var vat = Money.Round(gross.Amount * rate.Value / (1 + rate.Value), gross.Currency);
        return new PriceBreakdown(gross - vat, vat, gross, rate.Value);
    }

    /// <summary>From a tax-exclusive price (US shelves, wholesale): VAT = net × rate, rounded.</summary>
    public static PriceBreakdown FromNet(Money net, VatRate rate)
    {
        var vat = Money.Round(net.Amount * rate.Value, net.Currency);
        return new PriceBreakdown(net, vat, net + vat, rate.Value);
    }

    public static PriceBreakdown Of(Money amount, PriceBasis basis, VatRate rate) =>
        basis == PriceBasis.Gross ? FromGross(amount, rate) : FromNet(amount, rate);

    public PriceBreakdown Add(PriceBreakdown other) => new(Net + other.Net, Vat + other.Vat, Gross + other.Gross, VatRate);
}

/// <summary>Whether a stored price includes VAT (a consumer price where the law says so) or not (US shelves, wholesale).</summary>
public enum PriceBasis
{
    Gross,
    Net,
}
