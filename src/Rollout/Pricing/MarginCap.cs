using System.Globalization;
using Microsoft.Extensions.Configuration;
using Rollout.Markets;

namespace Rollout.Pricing;

/// <summary>
/// The honest-pricing promise: the hardware margin, (price net of VAT − landed cost) / price net of VAT, never
/// exceeds the cap (5 % unless <c>Rollout:Pricing:MarginCap</c> says otherwise).
/// </summary>
public sealed record MarginCap(decimal Value)
{
    public static MarginCap From(IConfiguration configuration)
    {
        var cap = configuration.GetValue("Rollout:Pricing:MarginCap", 0.05m);
        return cap is > 0m and < 1m
            ? new MarginCap(cap)
            : throw new InvalidOperationException($"Rollout:Pricing:MarginCap is {cap}; it is a fraction between 0 and 1 (0.05 for 5 %).");
    }

    public static decimal Margin(Money net, Money landed) => net.MinorUnits == 0 ? decimal.MinValue : (net - landed).Amount / net.Amount;

    /// <summary>The margin of a price, or why it may not be stored: over the cap (with the highest price that is not).</summary>
    public Result<decimal> Check(Money amount, PriceBasis basis, VatRate rate, Money landed)
    {
        var margin = Margin(PriceBreakdown.Of(amount, basis, rate).Net, landed);
        if (margin <= Value)
        {
            return margin;
        }

        var highest = HighestAllowed(basis, rate, landed);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"The hardware margin would be {margin:P3}, above the {Value:P2} cap; the highest allowed price is {highest} (landed cost {landed}).");
        return Error.Invalid("amount", "price.above_cap", message) with
        {
            Details = new Dictionary<string, object>
            {
                ["margin"] = decimal.Round(margin, 4),
                ["cap"] = Value,
                ["highestAllowed"] = highest.Amount,
                ["currency"] = highest.Currency.Value,
            },
        };
    }

    /// <summary>The highest price, on the given basis, whose margin stays within the cap.</summary>
    public Money HighestAllowed(PriceBasis basis, VatRate rate, Money landed)
    {
        var maxNet = landed.Amount / (1 - Value);
        var candidate = Money.Floor(basis == PriceBasis.Gross ? maxNet * (1 + rate.Value) : maxNet, landed.Currency);
        var step = Money.FromMinorUnits(1, landed.Currency);
        bool Fits(Money price) => Margin(PriceBreakdown.Of(price, basis, rate).Net, landed) <= Value;
        while (!Fits(candidate))
        {
            candidate -= step;
        }

        while (Fits(candidate + step))
        {
            candidate += step;
        }

        return candidate;
    }
}
