using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Orders;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// The units of a parcel as the console's ship forms send them (see <c>_ScannedUnits.cshtml</c>): one field a unit with
/// what was scanned (15 digits are an IMEI, anything else a serial number) and an optional second IMEI for dual SIM.
/// </summary>
public static class ScannedUnits
{
    /// <summary>A line of a shipment whose units are scanned: its SKU and how many units.</summary>
    public sealed record Line(string Sku, int Quantity);

    public static List<ShippedUnit> From(string[] sku, string[] identity, string[] imei2)
    {
        var units = new List<ShippedUnit>();
        for (var i = 0; i < sku.Length; i++)
        {
            var scanned = identity.ElementAtOrDefault(i)?.Replace(" ", "", StringComparison.Ordinal);
            var second = string.IsNullOrWhiteSpace(imei2.ElementAtOrDefault(i)) ? null : imei2[i];
            units.Add(scanned is { Length: 15 } && scanned.All(char.IsAsciiDigit)
                ? new ShippedUnit(sku[i], scanned, second)
                : new ShippedUnit(sku[i], Serial: scanned, Imei2: second));
        }

        return units;
    }

    /// <summary>The lines whose units are tracked as devices (every product but accessories).</summary>
    public static async Task<IReadOnlyList<Line>> Tracked(IEnumerable<(string Sku, int Quantity)> lines, RolloutDb db, CancellationToken ct)
    {
        var all = lines.ToList();
        var skus = all.Select(l => Sku.Parse(l.Sku)).Where(s => s.IsSuccess).Select(s => s.Value).ToList();
        var tracked = await db.Variants.AsNoTracking().Where(v => skus.Contains(v.Sku))
            .Join(db.Products.AsNoTracking(), v => v.ProductCode, p => p.Code, (v, p) => new { v.Sku, p.Category })
            .Where(x => x.Category != ProductCategory.Accessory).Select(x => x.Sku).ToListAsync(ct);
        return [.. all.Where(l => tracked.Any(t => t.Value == l.Sku)).Select(l => new Line(l.Sku, l.Quantity))];
    }
}
