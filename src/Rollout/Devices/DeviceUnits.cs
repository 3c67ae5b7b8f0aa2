using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Devices;

/// <summary>What identifies one unit: one or two IMEIs, a serial number, or both.</summary>
public sealed record UnitIdentity(Imei? Imei, Imei? Imei2, string? Serial)
{
    /// <summary>
    /// Reads a unit as a product of <paramref name="category"/> needs it: a phone by its IMEI (a dual-SIM phone's
    /// second one too), any other device by its serial number or an IMEI; an accessory is not tracked. Broken rules go
    /// to <paramref name="broken"/> under <paramref name="field"/>'s members.
    /// </summary>
    public static UnitIdentity? Read(ProductCategory category, string? imei, string? imei2, string? serial, string field, Validator broken)
    {
        var at = field.Length == 0 ? "" : field + ".";
        if (category == ProductCategory.Accessory)
        {
            broken.Add($"{at}sku", "Accessories are not tracked as devices; ship them without an IMEI or serial.");
            return null;
        }

        var validator = new Validator();
        var first = string.IsNullOrWhiteSpace(imei) ? (Imei?)null : validator.Field($"{at}imei", Devices.Imei.Parse(imei, $"{at}imei"));
        var second = string.IsNullOrWhiteSpace(imei2) ? (Imei?)null : validator.Field($"{at}imei2", Devices.Imei.Parse(imei2, $"{at}imei2"));
        var number = string.IsNullOrWhiteSpace(serial) ? null : serial.Trim().ToUpperInvariant();
        validator.Require(number is null || SerialNumber.IsValid(number), $"{at}serial", "A serial number is 4-30 letters, digits or hyphens.");
        validator.Require(second is null || !string.IsNullOrWhiteSpace(imei), $"{at}imei2", "A second IMEI comes with the first.");
        validator.Require(imei2 is null || first is null || second is null || first != second, $"{at}imei2", "The two IMEIs of a dual-SIM phone differ.");
        if (category == ProductCategory.Phone)
        {
            validator.Require(!string.IsNullOrWhiteSpace(imei), $"{at}imei", "A phone is shipped with its IMEI (15 digits).");
        }
        else
        {
            validator.Require(!string.IsNullOrWhiteSpace(imei) || number is not null, $"{at}serial", "Give the device's serial number (or its IMEI).");
        }

        if (validator.ToError() is { } error)
        {
            broken.Add(error);
            return null;
        }

        return new UnitIdentity(first, second, number);
    }
}

internal static partial class SerialNumber
{
    public static bool IsValid(string serial) => Pattern().IsMatch(serial);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z0-9][A-Z0-9-]{2,28}[A-Z0-9]$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}

/// <summary>
/// Turns the units a shipment lists into devices: exactly the tracked units of its lines, each identified as its
/// product needs, none known before (an IMEI or serial is one device's, ever), nothing written when one is wrong.
/// </summary>
public static class DeviceUnits
{
    /// <summary>A line of a shipment: how many units of a SKU left.</summary>
    public sealed record Line(Sku Sku, int Quantity);

    /// <summary>Where the devices were sold: the market, the channel, who ships them and to whom.</summary>
    public sealed record Sale(CountryCode Market, Slug Channel, DeviceSource Source, Guid ShippedBy, string? Owner);

    /// <summary>Checks <paramref name="units"/> against <paramref name="lines"/> and adds their devices to <paramref name="db"/> (the caller saves).</summary>
    public static async Task<Result<IReadOnlyList<Device>>> Record(IReadOnlyList<Line> lines, IReadOnlyList<ShippedUnit>? units, Sale sale, RolloutDb db, Instant now, CancellationToken ct)
    {
        units ??= [];
        if (units.Any(u => u is null))
        {
            return Error.Invalid("units", "units.null", "A unit is an object with 'sku' and 'imei' (or 'serial'), not null.");
        }

        var skus = lines.Select(l => l.Sku).Distinct().ToList();
        var products = await db.Variants.AsNoTracking().Where(v => skus.Contains(v.Sku))
            .Join(db.Products.AsNoTracking(), v => v.ProductCode, p => p.Code, (v, p) => new { v.Sku, p.Code, p.Category })
            .ToDictionaryAsync(x => x.Sku, x => (x.Code, x.Category), ct);
        var validator = new Validator();
        var read = new List<(UnitIdentity Unit, Sku Sku)>();
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var sku = Sku.Parse(unit.Sku);
            if (!sku.IsSuccess || !products.TryGetValue(sku.Value, out var product))
            {
                validator.Add($"units[{i}].sku", $"'{unit.Sku}' is not a SKU of this shipment.");
                continue;
            }

            if (UnitIdentity.Read(product.Category, unit.Imei, unit.Imei2, unit.Serial, $"units[{i}]", validator) is { } identity)
            {
                read.Add((identity, sku.Value));
            }
        }

        foreach (var line in lines.GroupBy(l => l.Sku))
        {
            var tracked = products.TryGetValue(line.Key, out var product) && product.Category != ProductCategory.Accessory;
            var shipped = units.Count(u => string.Equals(u.Sku?.Trim(), line.Key.Value, StringComparison.OrdinalIgnoreCase));
            var ordered = line.Sum(l => l.Quantity);
            validator.Require(!tracked || shipped == ordered, "units", $"{ordered} unit(s) of {line.Key} leave; list each one's IMEI or serial ({shipped} listed).");
        }

        var imeis = read.SelectMany(r => new[] { r.Unit.Imei, r.Unit.Imei2 }).OfType<Imei>().Select(i => i.Value).ToList();
        var serials = read.Select(r => r.Unit.Serial).OfType<string>().ToList();
        foreach (var twice in imeis.GroupBy(i => i).Where(g => g.Count() > 1))
        {
            validator.Add("units", $"IMEI {twice.Key} is listed twice.");
        }

        foreach (var twice in serials.GroupBy(s => s).Where(g => g.Count() > 1))
        {
            validator.Add("units", $"Serial {twice.Key} is listed twice.");
        }

        await RefuseKnown([.. read.Select(r => r.Unit)], "units", validator, db, ct);

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var devices = read.Select(r => Device.Shipped(r.Unit, r.Sku, products[r.Sku].Code, sale.Market, sale.Channel, sale.Source, sale.ShippedBy, sale.Owner, now)).ToList();
        Add(devices, db);
        return devices;
    }

    /// <summary>Refuses, under <paramref name="field"/>, an IMEI (first or second) or a serial that is already a device's.</summary>
    internal static async Task RefuseKnown(IReadOnlyCollection<UnitIdentity> units, string field, Validator validator, RolloutDb db, CancellationToken ct)
    {
        var imeis = units.SelectMany(u => new[] { u.Imei, u.Imei2 }).OfType<Imei>().Select(i => i.Value).ToList();
        var serials = units.Select(u => u.Serial).OfType<string>().ToList();
        foreach (var known in await db.DeviceImeis.AsNoTracking().Where(d => imeis.Contains(d.Imei)).Select(d => d.Imei).ToListAsync(ct))
        {
            validator.Add(field, $"IMEI {known} is already a device's.");
        }

        foreach (var known in await db.Devices.AsNoTracking().Where(d => d.Serial != null && serials.Contains(d.Serial)).Select(d => d.Serial).ToListAsync(ct))
        {
            validator.Add(field, $"Serial {known} is already a device's.");
        }
    }

    internal static void Add(IEnumerable<Device> devices, RolloutDb db)
    {
        foreach (var device in devices)
        {
            db.Devices.Add(device);
            db.DeviceImeis.AddRange(DeviceImei.Of(device));
        }
    }
}
