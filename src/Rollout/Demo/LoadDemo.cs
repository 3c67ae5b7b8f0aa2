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

        return $"{catalog.Value}; {prices.Value.Rates} exchange rates, {prices.Value.Costs} landed costs, {prices.Value.Prices} prices; {checkout.Shipping.Length} shipping methods; {units} units in stock";
    }
}
