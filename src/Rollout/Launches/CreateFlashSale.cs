using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// A new flash sale of a launch: <c>units</c> of <c>sku</c> from the allocation of <c>location</c> for <c>channel</c>;
/// <c>price</c> as shown in the market (with VAT where its law says so); <c>opensAt</c>, <c>closesAt</c> and
/// <c>registrationDeadline</c> as wall-clock times of the market.
/// </summary>
public sealed record CreateFlashSaleRequest(
    string? Code,
    string? Sku,
    string? Location,
    string? Channel,
    int? Units,
    decimal? Price,
    string? OpensAt,
    string? ClosesAt,
    int PerCustomerLimit = 1,
    string? RegistrationDeadline = null,
    int HoldMinutes = 10);

public sealed record FlashSaleResponse(
    string Code,
    string Launch,
    string Sku,
    string Location,
    string Channel,
    int Units,
    decimal Price,
    string Currency,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    int PerCustomerLimit,
    DateTimeOffset? RegistrationDeadline,
    int HoldMinutes);

public static class CreateFlashSale
{
    public static async Task<Result<FlashSaleResponse>> Handle(string launchCode, CreateFlashSaleRequest request, MarginCap cap, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var launchSlug = Slug.Parse(launchCode);
        if ((launchSlug.IsSuccess ? await db.LaunchEvents.FirstOrDefaultAsync(l => l.Code == launchSlug.Value, ct) : null) is not { } launch)
        {
            return Error.NotFound("launch.not_found", $"There is no launch '{launchCode}'.");
        }

        var market = (await GetMarkets.Find(launch.Market.Value, db, ct)).Value;
        var now = clock.Now();
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        var location = validator.Field("location", Slug.Parse(request.Location));
        validator.Require(request.Units is >= 1 and <= 1_000_000, "units", "A sale has 1 to 1,000,000 units.");
        validator.Require(request.Price is > 0m, "price", "A sale price is an amount above zero.");
        var price = request.Price is > 0m ? validator.Field("price", Money.Exact(request.Price.Value, market.Currency)) : default;
        var opensAt = validator.Field("opensAt", WallClock.ToInstant(request.OpensAt, market.Zone, now));
        var closesAt = validator.Field("closesAt", WallClock.ToInstant(request.ClosesAt, market.Zone, now));
        Instant? deadline = request.RegistrationDeadline is null ? null : validator.Field("registrationDeadline", WallClock.ToInstant(request.RegistrationDeadline, market.Zone, now));
        validator.Require(request.PerCustomerLimit is >= 1 and <= 10, "perCustomerLimit", "Each customer may have 1 to 10 units of a sale.");
        validator.Require(request.HoldMinutes is >= 1 and <= 60, "holdMinutes", "A winner has 1 to 60 minutes to pay.");
        if (validator.IsValid)
        {
            validator.Require(channel.SellsIn(market.Code), "channel", $"Channel '{channel.Code}' does not sell in {market.Code}.");
            validator.Require(opensAt >= launch.StartsAt, "opensAt", "A sale opens when its launch starts or later.");
            validator.Require(closesAt > opensAt, "closesAt", "A sale closes after it opens.");
            validator.Require(deadline is null || deadline <= opensAt, "registrationDeadline", "Registration closes before the sale opens.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        // The pool: units of an allocation not yet promised to another sale of it that has not closed.
        var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Sku == variant.Sku && a.Location == location && a.Channel == channel.Code, ct);
        var promised = await db.FlashSales.Where(s => s.Sku == variant.Sku && s.Location == location && s.Channel == channel.Code && s.ClosesAt > now).SumAsync(s => s.Units, ct);
        var free = allocation is null ? 0 : allocation.Available - promised;
        if (request.Units > free)
        {
            return Error.Invalid("units", "sale.too_many_units", allocation is null
                ? $"No units of {variant.Sku} at {location} are allocated to {channel.Code}; allocate them first."
                : $"Only {free} units of the allocation of {variant.Sku} at {location} to {channel.Code} are free for a sale.");
        }

        var cost = await PricingData.Cost(db, variant.Sku, market.Code, ct);
        if (cost is null)
        {
            return Error.Invalid("sku", "sale.no_landed_cost", $"{variant.Sku} has no landed cost in {market.Code}; set it first, since the margin cap cannot be checked without it.");
        }

        var landed = cost.TotalIn(market.Currency, await PricingData.Rates(db, now, ct));
        if (!landed.IsSuccess)
        {
            return landed.Error.AtField("sku");
        }

        if (cap.Check(price, PriceResponses.BasisFor(market, channel), market.VatRate, landed.Value) is { IsSuccess: false } above)
        {
            return above.Error.AtField("price");
        }

        if (await db.FlashSales.AnyAsync(s => s.Code == code, ct))
        {
            return Error.Conflict("sale.exists", $"Sale '{code}' already exists.");
        }

        var sale = FlashSale.Create(code, launch, variant.Sku, location, channel.Code, request.Units!.Value, price, (opensAt, closesAt), request.PerCustomerLimit, deadline, request.HoldMinutes, now);
        db.FlashSales.Add(sale);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return sale.ToResponse(market.Zone);
    }

    internal static FlashSaleResponse ToResponse(this FlashSale sale, DateTimeZone zone) =>
        new(sale.Code.Value, sale.Launch.Value, sale.Sku.Value, sale.Location.Value, sale.Channel.Value, sale.Units, Money.FromMinorUnits(sale.PriceMinorUnits, sale.Currency).Amount,
            sale.Currency.Value, WallClock.InZone(sale.OpensAt, zone), WallClock.InZone(sale.ClosesAt, zone), sale.PerCustomerLimit,
            sale.RegistrationDeadline is { } deadline ? WallClock.InZone(deadline, zone) : null, sale.HoldMinutes);
}
