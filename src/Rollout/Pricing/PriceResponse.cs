using System.Globalization;
using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Pricing;

/// <summary>
/// The price in force for a buyer: net, VAT and gross in the market's currency, formatted as the market writes
/// money, and, where an EU reduction is announced, the lowest price of the 30 days before it.
/// </summary>
public sealed record PriceResponse(
    string Sku,
    string Market,
    string Channel,
    string Currency,
    string Basis,
    decimal Net,
    decimal Vat,
    decimal VatRate,
    decimal Gross,
    string Display,
    bool VatIncluded,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    decimal? LowestPrior30Days,
    string? LowestPrior30DaysDisplay);

/// <summary>A price as staff stored it, with the margin it leaves.</summary>
public sealed record StoredPriceResponse(
    long Id,
    string Sku,
    string Market,
    string Channel,
    decimal Amount,
    string Currency,
    string Basis,
    DateTimeOffset From,
    DateTimeOffset? Until,
    decimal Margin);

public static class PriceResponses
{
    public static CultureInfo CultureOf(Market market) => CultureInfo.GetCultureInfo(market.Locales[0]);

    public static PriceBasis BasisFor(Market market, Channel channel) =>
        channel.Kind == ChannelKind.Partner || !market.PricesIncludeTax ? PriceBasis.Net : PriceBasis.Gross;

    public static PriceResponse ToResponse(this Price price, Market market, PriceTimeline timeline, Instant at)
    {
        var breakdown = PriceBreakdown.Of(price.Amount, price.Basis, market.VatRate);
        var culture = CultureOf(market);
        var shown = price.Basis == PriceBasis.Gross ? breakdown.Gross : breakdown.Net;
        var lowest = timeline.LowestPrior30Days(at, market.Code, market.OpensAt);
        return new PriceResponse(
            price.Sku.Value,
            price.Market.Value,
            price.Channel.Value,
            price.Currency.Value,
            price.Basis.ToString().ToLowerInvariant(),
            breakdown.Net.Amount,
            breakdown.Vat.Amount,
            breakdown.VatRate,
            breakdown.Gross.Amount,
            shown.Format(culture),
            price.Basis == PriceBasis.Gross,
            (timeline.InForceSince(at) ?? price.From).ToDateTimeOffset(),
            timeline.InForceUntil(at)?.ToDateTimeOffset(),
            lowest?.Amount,
            lowest?.Format(culture));
    }
}
