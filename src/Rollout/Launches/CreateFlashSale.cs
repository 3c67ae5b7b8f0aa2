using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// A new flash sale of a launch: <c>units</c> of <c>sku</c> from the allocation of <c>location</c> for <c>channel</c>;
/// <c>price</c> as shown in the market (with VAT where its law says so); <c>opensAt</c>, <c>closesAt</c> and
/// <c>registrationDeadline</c> as wall-clock times of the market; <c>requiresConfirmedEmail</c> admits only customers
/// who confirmed their e-mail address.
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
    int HoldMinutes = 10,
    bool RequiresConfirmedEmail = false);

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
    int HoldMinutes,
    bool RequiresConfirmedEmail);

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
        var location = validator.Field("location", await GetStock.FindLocation(request.Location, db, ct));
        validator.Require(request.Units is >= 1 and <= 1_000_000, "units", "A sale has 1 to 1,000,000 units.");
        validator.Require(request.Price is > 0m, "price", "A sale price is an amount above zero.");
        var price = request.Price is > 0m ? validator.Field("price", Money.Exact(request.Price.Value, market.Currency)) : default;
        var opensAt = validator.Field("opensAt", WallClock.ToInstant(request.OpensAt, market.Zone, now));
        // A yearly "--MM-DD" closing is the next such day after the opening, as for a temporary price.
        var closesAt = validator.IsValid ? validator.Field("closesAt", WallClock.ToInstant(request.ClosesAt, market.Zone, opensAt)) : default;
        Instant? deadline = request.RegistrationDeadline is null ? null : validator.Field("registrationDeadline", WallClock.ToInstant(request.RegistrationDeadline, market.Zone, now));
        validator.Require(request.PerCustomerLimit is >= 1 and <= 10, "perCustomerLimit", "Each customer may have 1 to 10 units of a sale.");
        validator.Require(request.HoldMinutes is >= 1 and <= 60, "holdMinutes", "A winner has 1 to 60 minutes to pay.");
        if (validator.IsValid)
        {
            if (Listing.Rule(market, channel, variant) is { } rule)
            {
                validator.Add(rule);
            }

            validator.Require(location.Serves.Contains(market.Code), "location", $"Location '{location.Code}' does not serve {market.Code}.");
            validator.Require(opensAt > now, "opensAt", "A sale opens in the future.");
            validator.Require(opensAt >= launch.StartsAt, "opensAt", "A sale opens when its launch starts or later.");
            validator.Require(market.StatusAt(opensAt) == MarketStatus.Live, "opensAt", $"{market.Code} is not open for sale then ({market.StatusAt(opensAt).ToString().ToLowerInvariant()}).");
            validator.Require(closesAt > opensAt, "closesAt", "A sale closes after it opens.");
            validator.Require(deadline is null || deadline < opensAt, "registrationDeadline", "Registration closes before the sale opens.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
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
            return above.Error.Rename("amount", "price"); // Keeps the margin, the cap and the highest allowed price.
        }

        // Read the free units, decide and write under one lock per database, so two sales are never promised the same units.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var _ = transaction;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7003)", ct);
        }

        if (await db.FlashSales.AnyAsync(s => s.Code == code, ct))
        {
            return Error.Conflict("sale.exists", $"Sale '{code}' already exists.");
        }

        // The pool: units of the allocation not yet promised to another sale of it that has not closed (a sale's units
        // already claimed are reserved in the allocation, so only what it has still to sell is promised).
        var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Sku == variant.Sku && a.Location == location.Code && a.Channel == channel.Code, ct);
        var promised = await db.FlashSales.Where(s => s.Sku == variant.Sku && s.Location == location.Code && s.Channel == channel.Code && s.ClosesAt > now).SumAsync(s => s.Units - s.Leased, ct);
        var free = Math.Max(0, (allocation?.Available ?? 0) - promised);
        if (request.Units > free)
        {
            return Error.Conflict("sale.too_many_units", allocation is null
                ? $"No units of {variant.Sku} at {location.Code} are allocated to {channel.Code}; allocate them first (POST /api/stock/allocations)."
                : $"Only {free} units of the allocation of {variant.Sku} at {location.Code} to {channel.Code} are free for a sale.");
        }

        var sale = FlashSale.Create(code, launch, variant.Sku, location.Code, channel.Code, request.Units!.Value, price, (opensAt, closesAt), request.PerCustomerLimit, deadline, request.HoldMinutes, request.RequiresConfirmedEmail, now);
        FlashSaleRows.Add(db, sale);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return sale.ToResponse(market.Zone);
    }

    internal static FlashSaleResponse ToResponse(this FlashSale sale, DateTimeZone zone) =>
        new(sale.Code.Value, sale.Launch.Value, sale.Sku.Value, sale.Location.Value, sale.Channel.Value, sale.Units, Money.FromMinorUnits(sale.PriceMinorUnits, sale.Currency).Amount,
            sale.Currency.Value, WallClock.InZone(sale.OpensAt, zone), WallClock.InZone(sale.ClosesAt, zone), sale.PerCustomerLimit,
            sale.RegistrationDeadline is { } deadline ? WallClock.InZone(deadline, zone) : null, sale.HoldMinutes, sale.RequiresConfirmedEmail);
}
