using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>A reference price net of tax (e.g. 449 USD) to turn into a local price for a market and channel.</summary>
public sealed record SuggestPriceRequest(string? Sku, string? Market, string? Channel, decimal? ReferenceAmount, string? ReferenceCurrency);

/// <summary>
/// The suggestion: the reference converted at the latest stored rate, with VAT where the market's shelves show it,
/// brought down to the market's price ending, and lowered to the cap if it would break it.
/// </summary>
public sealed record SuggestedPriceResponse(string Sku, string Market, string Channel, decimal Amount, string Currency, string Display, string Basis, decimal? Margin, bool LoweredToCap, decimal? HighestAllowed);

public static class SuggestPrice
{
    public static async Task<Result<SuggestedPriceResponse>> Handle(SuggestPriceRequest request, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        var currency = validator.Field("referenceCurrency", CurrencyCode.Parse(request.ReferenceCurrency));
        validator.Require(request.ReferenceAmount is > 0m, "referenceAmount", "A reference price is an amount above zero.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var exact = Money.Exact(request.ReferenceAmount!.Value, currency);
        if (!exact.IsSuccess)
        {
            return exact.Error.AtField("referenceAmount");
        }

        var now = clock.Now();
        var rates = await PricingData.Rates(db, now, ct);
        var local = rates.Convert(exact.Value, market.Currency);
        if (!local.IsSuccess)
        {
            return local.Error.AtField("referenceCurrency");
        }

        var basis = PriceResponses.BasisFor(market, channel);
        var shelf = basis == PriceBasis.Gross ? PriceBreakdown.FromNet(local.Value, market.VatRate).Gross : local.Value;
        var ending = (await db.PriceEndings.AsNoTracking().FirstOrDefaultAsync(e => e.Market == market.Code, ct))?.Ending;
        var suggested = ending is { } e ? PriceEnding.Apply(e, shelf) : shelf;

        var cost = await PricingData.Cost(db, variant.Sku, market.Code, ct);
        Money? highest = null;
        var lowered = false;
        decimal? margin = null;
        if (cost is not null && cost.TotalIn(market.Currency, rates) is { IsSuccess: true } landed)
        {
            highest = cap.HighestAllowed(basis, market.VatRate, landed.Value);
            if (suggested > highest.Value)
            {
                suggested = ending is { } e2 ? PriceEnding.Apply(e2, highest.Value) : highest.Value;
                lowered = true;
            }

            margin = decimal.Round(MarginCap.Margin(PriceBreakdown.Of(suggested, basis, market.VatRate).Net, landed.Value), 4);
        }

        return new SuggestedPriceResponse(variant.Sku.Value, market.Code.Value, channel.Code.Value, suggested.Amount, suggested.Currency.Value,
            suggested.Format(PriceResponses.CultureOf(market)), basis.ToString().ToLowerInvariant(), margin, lowered, highest?.Amount);
    }
}
