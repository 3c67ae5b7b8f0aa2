using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Devices;

/// <summary>A warranty as the API writes it: status, first and last day covered, and the rule.</summary>
public sealed record WarrantyResponse(string Status, DateOnly? From, DateOnly? Until, int StatutoryMonths, int ExtensionMonths, string Rule)
{
    public static WarrantyResponse Of(WarrantyAnswer answer) =>
        new(answer.Status, answer.From?.ToDateOnly(), answer.Until?.ToDateOnly(), answer.StatutoryMonths, answer.ExtensionMonths, answer.Rule);
}

/// <summary>A device as its owner and staff see it, with its warranty today.</summary>
public sealed record DeviceResponse(
    Guid Id,
    string? Imei,
    string? Imei2,
    string? Serial,
    string Sku,
    string Product,
    string Name,
    string Market,
    string Channel,
    string Source,
    Guid? ShippedBy,
    DateTimeOffset ShippedAt,
    DateTimeOffset? SoldThroughAt,
    Guid? Replaces,
    Guid? ReplacedBy,
    WarrantyResponse Warranty);

/// <summary>The public warranty check: what the device is, where it was sold, and its warranty; nothing about who owns it.</summary>
public sealed record WarrantyCheckResponse(string Imei, string Name, string Market, string Status, DateOnly? Until, string Rule);

/// <summary>Reads devices: a customer's own, staff's by IMEI or serial, and the public warranty check by IMEI.</summary>
public static class GetDevices
{
    public static async Task<IReadOnlyList<DeviceResponse>> Mine(string customer, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var devices = await db.Devices.AsNoTracking().Where(d => d.OwnerId == customer && d.ReplacedBy == null).OrderByDescending(d => d.ShippedAt).ToListAsync(ct);
        return await Describe(devices, db, clock.Now(), ct);
    }

    /// <summary>The devices shipped to a partner, newest first.</summary>
    public static async Task<IReadOnlyList<DeviceResponse>> OfChannel(Slug channel, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var devices = await db.Devices.AsNoTracking().Where(d => d.Channel == channel && d.Source == DeviceSource.PartnerOrder).OrderByDescending(d => d.ShippedAt).Take(1000).ToListAsync(ct);
        return await Describe(devices, db, clock.Now(), ct);
    }

    /// <summary>One device: staff see any, a customer only their own (another's is not found).</summary>
    public static async Task<Result<DeviceResponse>> One(Guid id, string? owner, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && (owner == null || d.OwnerId == owner), ct);
        return device is null
            ? Error.NotFound("device.not_found", $"There is no device {id}{(owner is null ? "" : " of yours")}.")
            : (await Describe([device], db, clock.Now(), ct))[0];
    }

    /// <summary>Staff's search: an IMEI (first or second), a serial number, or an order's id; newest first.</summary>
    public static async Task<IReadOnlyList<DeviceResponse>> Search(string? query, RolloutDb db, TimeProvider clock, CancellationToken ct, int limit = 100)
    {
        var devices = db.Devices.AsNoTracking();
        var text = query?.Trim().ToUpperInvariant() ?? "";
        if (Imei.Parse(text) is { IsSuccess: true } imei)
        {
            devices = devices.Where(d => db.DeviceImeis.Any(i => i.Imei == imei.Value.Value && i.DeviceId == d.Id) || d.Serial == text);
        }
        else if (Guid.TryParse(text, out var id))
        {
            devices = devices.Where(d => d.ShippedBy == id || d.Id == id);
        }
        else if (text.Length > 0)
        {
            devices = devices.Where(d => d.Serial == text);
        }

        return await Describe(await devices.OrderByDescending(d => d.ShippedAt).Take(limit).ToListAsync(ct), db, clock.Now(), ct);
    }

    /// <summary>The public check: an IMEI's warranty, with nothing personal.</summary>
    public static async Task<Result<WarrantyCheckResponse>> Check(string? imei, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var parsed = Imei.Parse(imei);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var device = await Device(parsed.Value, db, ct);
        if (device is null)
        {
            return Error.NotFound("device.unknown_imei", $"No device shipped by the brand has IMEI {parsed.Value}.");
        }

        var described = (await Describe([device], db, clock.Now(), ct))[0];
        return new WarrantyCheckResponse(parsed.Value.Value, described.Name, described.Market, described.Warranty.Status, described.Warranty.Until, described.Warranty.Rule);
    }

    /// <summary>The device with this IMEI, first or second (read only).</summary>
    internal static Task<Device?> Device(Imei imei, RolloutDb db, CancellationToken ct) =>
        db.Devices.AsNoTracking().FirstOrDefaultAsync(d => db.DeviceImeis.Any(i => i.Imei == imei.Value && i.DeviceId == d.Id), ct);

    /// <summary>The devices with their product names and their warranty at <paramref name="at"/>.</summary>
    public static async Task<IReadOnlyList<DeviceResponse>> Describe(IReadOnlyList<Device> devices, RolloutDb db, Instant at, CancellationToken ct)
    {
        var products = devices.Select(d => d.Product).Distinct().ToList();
        var names = await db.Products.AsNoTracking().Where(p => products.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var warranties = await Warranties(devices, db, at, ct);
        return [.. devices.Select(d => new DeviceResponse(
            d.Id, d.Imei, d.Imei2, d.Serial, d.Sku.Value, d.Product.Value, names.GetValueOrDefault(d.Product, d.Product.Value), d.Market.Value, d.Channel.Value,
            Snake(d.Source), d.ShippedBy, d.ShippedAt.ToDateTimeOffset(), d.SoldThroughAt?.ToDateTimeOffset(), d.Replaces, d.ReplacedBy,
            WarrantyResponse.Of(warranties[d.Id])))];
    }

    /// <summary>The warranty of one device on a given instant (a ticket's opening decides whether its repair is free).</summary>
    public static async Task<WarrantyAnswer> WarrantyAt(Device device, Instant at, RolloutDb db, CancellationToken ct) =>
        (await Warranties([device], db, at, ct))[device.Id];

    private static async Task<Dictionary<Guid, WarrantyAnswer>> Warranties(IReadOnlyList<Device> devices, RolloutDb db, Instant at, CancellationToken ct)
    {
        var products = devices.Select(d => d.Product).Distinct().ToList();
        var extensions = await db.WarrantyExtensions.AsNoTracking().Where(e => products.Contains(e.Product)).ToDictionaryAsync(e => e.Product, e => e.Months, ct);
        var markets = await Markets(devices.Select(d => d.Market), db, ct);
        var replacedBy = devices.Select(d => d.ReplacedBy).OfType<Guid>().ToList();
        var replacements = await db.Devices.AsNoTracking().Where(d => replacedBy.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Identity, ct);
        return devices.DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => Answer(d, markets[d.Market], extensions.GetValueOrDefault(d.Product), at,
            d.ReplacedBy is { } by ? replacements.GetValueOrDefault(by) : null));
    }

    /// <summary>
    /// The warranty of a device at <paramref name="at"/>: by the law and the extension, unless it was retired before
    /// then: replaced (the replacement, <paramref name="replacement"/>, carries the warranty on) or refunded.
    /// </summary>
    private static WarrantyAnswer Answer(Device device, Market market, int extension, Instant at, string? replacement)
    {
        var answer = Warranty.Of(market, extension, device.WarrantyStartsAt, at);
        if (device.RetiredAt is not { } retired || retired > at)
        {
            return answer;
        }

        var day = retired.InZone(market.Zone).Date.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);
        return replacement is not null
            ? answer with { Status = "replaced", Until = null, Rule = $"Replaced on {day} by {replacement}, which carries this device's warranty on." }
            : answer with { Status = "refunded", Until = null, Rule = $"Refunded on {day}: the brand took the device back, and it is no longer covered." };
    }

    private static async Task<Dictionary<CountryCode, Market>> Markets(IEnumerable<CountryCode> codes, RolloutDb db, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return await db.Markets.AsNoTracking().Where(m => wanted.Contains(m.Code)).ToDictionaryAsync(m => m.Code, ct);
    }

    internal static string Snake(DeviceSource source) => source switch
    {
        DeviceSource.PartnerOrder => "partner_order",
        _ => source.ToString().ToLowerInvariant(),
    };
}
