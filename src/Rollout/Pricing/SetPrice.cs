using System.Globalization;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>
/// A price as the buyer sees it in the market: VAT included where the market's law says so, net in the US and for
/// partners (wholesale). <c>from</c> and <c>until</c> are local times in the market's zone; without <c>from</c> the
/// price holds from now; with <c>until</c> it is a temporary (launch) price over the regular one.
/// </summary>
public sealed record SetPriceRequest(string? Sku, string? Market, string? Channel, decimal? Amount, string? Currency, string? From = null, string? Until = null);

public static class SetPrice
{
    public static async Task<Result<StoredPriceResponse>> Handle(SetPriceRequest request, string actor, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        var currency = validator.Field("currency", CurrencyCode.Parse(request.Currency));
        validator.Require(request.Amount is > 0m, "amount", "A price is an amount above zero.");
        if (validator.ToError() is { } missing)
        {
            return missing;
        }

        var now = clock.Now();
        validator.Require(currency == market.Currency, "currency", $"Prices in {market.Name} are in {market.Currency}, not {currency}.");
        validator.Require(channel.SellsIn(market.Code), "channel", $"Channel '{channel.Code}' does not sell in {market.Code}.");
        var amount = validator.Field("amount", Money.Exact(request.Amount!.Value, currency));
        var from = request.From is null ? now : validator.Field("from", WallClock.ToInstant(request.From, market.Zone, now));
        // A yearly "--MM-DD" end is the next such day after the start, so a launch window reads the same every year.
        Instant? until = request.Until is null ? null : validator.Field("until", WallClock.ToInstant(request.Until, market.Zone, from));
        if (validator.IsValid)
        {
            validator.Require(from >= now - Duration.FromMinutes(1), "from", "A price cannot change the past; give a time from now on.");
            validator.Require(until is null || until > from, "until", "A temporary price ends after it starts.");
        }

        var cost = await PricingData.Cost(db, variant.Sku, market.Code, ct);
        validator.Require(cost is not null, "sku", $"{variant.Sku} has no landed cost in {market.Code}; set it first, since the margin cap cannot be checked without it.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var landed = cost!.TotalIn(market.Currency, await PricingData.Rates(db, now, ct));
        if (!landed.IsSuccess)
        {
            return landed.Error.AtField("sku");
        }

        var basis = PriceResponses.BasisFor(market, channel);
        var margin = cap.Check(amount, basis, market.VatRate, landed.Value);
        if (!margin.IsSuccess)
        {
            return margin.Error;
        }

        // Read, decide and write under one lock per database, so two writers never both pass the overlap check.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var _ = transaction;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7002)", ct);
        }

        var prices = await db.Prices.Where(p => p.Sku == variant.Sku && p.Market == market.Code && p.Channel == channel.Code).ToListAsync(ct);
        var timeline = new PriceTimeline(prices);
        var same = prices.FirstOrDefault(p => p.From == from && p.Until == until);
        if (until is { } ends && prices.FirstOrDefault(p => p != same && p.Until is { } otherEnds && p.From < ends && from < otherEnds) is { } overlapping)
        {
            var zone = market.Zone;
            return Error.Invalid("from", "price.overlap", string.Create(CultureInfo.InvariantCulture,
                $"It overlaps the temporary price from {WallClock.InZone(overlapping.From, zone):yyyy-MM-dd HH:mm} until {WallClock.InZone(overlapping.Until!.Value, zone):yyyy-MM-dd HH:mm}; one temporary price at a time."));
        }

        var old = (same ?? timeline.InForceAt(from))?.Amount;
        var price = same;
        if (price is null)
        {
            price = Price.Create(variant.Sku, market.Code, channel.Code, amount, basis, from, until);
            db.Prices.Add(price);
        }
        else
        {
            price.Replace(amount, basis);
        }

        db.PriceChanges.Add(PriceChange.Of(price, old, actor, now));
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return new StoredPriceResponse(price.Id, price.Sku.Value, price.Market.Value, price.Channel.Value, amount.Amount, amount.Currency.Value,
            basis.ToString().ToLowerInvariant(), from.ToDateTimeOffset(), until?.ToDateTimeOffset(), decimal.Round(margin.Value, 4));
    }
}
