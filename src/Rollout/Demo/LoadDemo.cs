using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
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

    /// <summary>Loads the demo catalog and its prices into an empty database; a database that has any market is left alone.</summary>
    public static async Task<Result<string?>> IfEmpty(RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
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
        return prices.IsSuccess
            ? $"{catalog.Value}; {prices.Value.Rates} exchange rates, {prices.Value.Costs} landed costs, {prices.Value.Prices} prices"
            : prices.Error;
    }
}
