using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Rollout.Catalog;
using Rollout.Inventory;
using Rollout.Orders;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Demo;

/// <summary>
/// The "European tour" demo: a fictional brand live in Spain, opening France on the next May 22 and Italy on the
/// next May 24, and selling through a carrier partner in seven countries. It is an ordinary catalog file.
/// </summary>
public static class LoadDemo
{
    public static string Json(string name = "european-tour.json")
    {
        using var stream = typeof(LoadDemo).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The demo file {name} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record DemoShipping(string Market, string Code, string Name, string Kind, decimal Price);

    private sealed record DemoStock(string Location, string Name, string Kind, string[] Serves, int Units);

    private sealed record DemoCheckout(DemoShipping[] Shipping, DemoStock[] Stock);

    /// <summary>
    /// Loads the demo catalog, its prices and shipping methods into an empty database, and, with
    /// <paramref name="stock"/>, a warehouse per online market holding units of every variant listed there.
    /// A database that has any market is left alone.
    /// </summary>
    public static async Task<Result<string?>> IfEmpty(RolloutDb db, TimeProvider clock, MarginCap cap, bool stock, CancellationToken ct)
    {
        if (await db.Markets.AnyAsync(ct))
        {
            return (string?)null;
        }

        var catalog = await ImportCatalog.Handle(Json(), db, clock, ct);
        if (!catalog.IsSuccess)
        {
            return catalog.Error;
        }

        var prices = await ImportPrices.Handle(Json("european-tour-prices.json"), "demo", db, clock, cap, ct);
        if (!prices.IsSuccess)
        {
            return prices.Error;
        }

        var checkout = JsonSerializer.Deserialize<DemoCheckout>(Json("european-tour-shipping.json"), JsonSerializerOptions.Web)!;
        foreach (var method in checkout.Shipping)
        {
            var set = await ShippingMethods.Set(method.Market, method.Code, new SetShippingMethodRequest(method.Name, method.Kind, method.Price, true), db, ct);
            if (!set.IsSuccess)
            {
                return set.Error;
            }
        }

        var units = 0;
        foreach (var location in stock ? checkout.Stock : [])
        {
            var created = await CreateStockLocation.Handle(new CreateStockLocationRequest(location.Location, location.Name, location.Kind, location.Serves), db, ct);
            if (!created.IsSuccess)
            {
                return created.Error;
            }

            var skus = (await db.Listings.AsNoTracking().ToListAsync(ct)).Where(l => location.Serves.Contains(l.Market.Value)).Select(l => l.Sku).Distinct();
            foreach (var sku in skus.OrderBy(s => s.Value, StringComparer.Ordinal))
            {
                var received = await MoveStock.Receive(new ReceiveStockRequest(sku.Value, location.Location, location.Units, "demo opening stock"), "demo", db, clock, ct);
                if (!received.IsSuccess)
                {
                    return received.Error;
                }

                units += location.Units;
            }
        }

        var launches = stock ? await LaunchTour(db, clock, cap, ct) : Result<int>.Success(0);
        if (!launches.IsSuccess)
        {
            return launches.Error;
        }

        var afterSales = await AfterSalesDemo.Load(db, clock, stock, ct);
        if (!afterSales.IsSuccess)
        {
            return afterSales.Error;
        }

        return $"{catalog.Value}; {prices.Value.Rates} exchange rates, {prices.Value.Costs} landed costs, {prices.Value.Prices} prices; {checkout.Shipping.Length} shipping methods; {units} units in stock; {launches.Value} launch events; {afterSales.Value}";
    }

    /// <summary>
    /// The launch events of the tour, at the openings of France and Italy: each with a flash sale of 20 Nova 8 Pro at a
    /// tenth off the price in force then, one per customer, for customers registered by 20:00 the evening before.
    /// </summary>
    private static async Task<Result<int>> LaunchTour(RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        (string Market, string Code, string Venue, string Description)[] tour =
        [
            ("FR", "fr-nova-8-paris", "Station F, Paris", "Lumio arrive en France : soirée de lancement du Nova 8 Pro."),
            ("IT", "it-nova-8-milano", "Piazza Gae Aulenti, Milano", "Lumio arriva in Italia: la serata di lancio del Nova 8 Pro."),
        ];
        const string Sku = "NOVA8P-BLK-256";
        foreach (var (market, code, venue, description) in tour)
        {
            var opening = (await Markets.GetMarkets.Find(market, db, ct)).Value;
            var localStart = opening.OpensAt is { } opens ? opens.InZone(opening.Zone).LocalDateTime : default;
            var start = WallClock.Format(localStart);
            var launch = await Rollout.Launches.CreateLaunch.Handle(new Rollout.Launches.CreateLaunchRequest(code, market, start, venue, description, OpensMarket: true), db, clock, ct);
            var channel = $"{market.ToLowerInvariant()}-online";
            var location = $"{market.ToLowerInvariant()}-warehouse";
            var allocated = launch.IsSuccess ? await AllocateStock.Handle(new AllocateStockRequest(Sku, location, channel, 20), db, ct) : default;
            var price = launch.IsSuccess ? await GetPrice.Handle(market, Sku, channel, start, staff: true, db, clock, ct) : default;
            if (!launch.IsSuccess || !allocated.IsSuccess || !price.IsSuccess)
            {
                return launch.IsSuccess ? allocated.IsSuccess ? price.Error : allocated.Error : launch.Error;
            }

            var deadline = WallClock.Format(localStart.Date.PlusDays(-1).At(new LocalTime(20, 0)));
            var end = WallClock.Format(localStart.PlusHours(10));
            var sale = await Rollout.Launches.CreateFlashSale.Handle(code, new Rollout.Launches.CreateFlashSaleRequest(
                $"{code}-drop", Sku, location, channel, 20, Math.Round(price.Value.Gross * 0.9m, 2), start, end, 1, deadline, 15), cap, db, clock, ct);
            if (!sale.IsSuccess)
            {
                return sale.Error;
            }
        }

        return tour.Length;
    }
}
