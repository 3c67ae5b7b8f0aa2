using Microsoft.EntityFrameworkCore;
using Rollout.Devices;
using Rollout.Storage;

namespace Rollout.Partners;

/// <summary>One device a partner sold to its customer: its IMEI (or serial) and the day, in the market's calendar.</summary>
public sealed record SoldDevice(string? Imei, string? Serial, string? SoldOn);

public sealed record SellThroughRequest(IReadOnlyList<SoldDevice>? Items);

public sealed record SellThroughResponse(int Reported, int AlreadyKnown);

/// <summary>Sell-in (units shipped to the partner) against sell-through (units it reported sold), per market.</summary>
public sealed record SellThroughRow(string Partner, string Market, int SellIn, int SellThrough, int InChannel, decimal SellThroughRate, int SellInLast30Days, int SellThroughLast30Days);

/// <summary>
/// A partner reports the devices it sold to its customers: each one's warranty starts that day. The whole report is
/// checked first and written in one go; a bad row is named and nothing is recorded.
/// </summary>
public static class SellThrough
{
    public const int MaxRows = 10_000;

    public static Task<Result<SellThroughResponse>> Report(Slug partner, SellThroughRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct, string rows = "items") =>
        Transactions.Run<SellThroughResponse>(db, async () =>
        {
            var items = request.Items ?? [];
            var validator = new Validator();
            validator.Require(items.Count is >= 1 and <= MaxRows, rows, $"Report 1 to {MaxRows:N0} devices.");
            validator.Require(items.All(i => i is not null), rows, "A row is an object with 'imei' (or 'serial') and 'soldOn', not null.");
            if (validator.ToError() is { } empty)
            {
                return empty;
            }

            var markets = await db.Markets.AsNoTracking().ToDictionaryAsync(m => m.Code, ct);
            var now = clock.Now();
            var parsed = new List<(int Row, Imei? Imei, string? Serial, LocalDate Day)>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var at = $"{rows}[{i}]";
                Imei? imei = string.IsNullOrWhiteSpace(item.Imei) ? null : validator.Field($"{at}.imei", Imei.Parse(item.Imei, $"{at}.imei"));
                var serial = string.IsNullOrWhiteSpace(item.Serial) ? null : item.Serial.Trim().ToUpperInvariant();
                validator.Require(!string.IsNullOrWhiteSpace(item.Imei) || serial is not null, $"{at}.imei", "Give the device's IMEI (or its serial).");
                var day = NodaTime.Text.LocalDatePattern.Iso.Parse(item.SoldOn ?? "");
                validator.Require(day.Success, $"{at}.soldOn", "Give the day of sale as YYYY-MM-DD.");
                parsed.Add((i, imei, serial, day.Success ? day.Value : default));
            }

            foreach (var twice in parsed.Where(p => p.Imei is not null).GroupBy(p => p.Imei!.Value.Value).Where(g => g.Count() > 1))
            {
                validator.Add($"{rows}[{twice.Last().Row}].imei", $"{twice.Key} is reported twice (rows {string.Join(" and ", twice.Select(p => p.Row))}); report each device once.");
            }

            if (validator.ToError() is { } invalid)
            {
                return invalid;
            }

            var imeis = parsed.Where(p => p.Imei is not null).Select(p => p.Imei!.Value.Value).ToList();
            var serials = parsed.Where(p => p.Imei is null).Select(p => p.Serial!).ToList();
            var byImei = await db.DeviceImeis.AsNoTracking().Where(i => imeis.Contains(i.Imei)).ToDictionaryAsync(i => i.Imei, i => i.DeviceId, ct);
            var ids = byImei.Values.ToList();
            var devices = await db.Devices.Where(d => ids.Contains(d.Id) || (d.Serial != null && serials.Contains(d.Serial))).ToListAsync(ct);
            var reported = 0;
            var known = 0;
            foreach (var (row, imei, serial, day) in parsed)
            {
                var at = $"{rows}[{row}]";
                var device = imei is { } i
                    ? devices.FirstOrDefault(d => byImei.TryGetValue(i.Value, out var id) && d.Id == id)
                    : devices.FirstOrDefault(d => d.Serial == serial);
                if (device is null || device.Source != DeviceSource.PartnerOrder || device.Channel != partner)
                {
                    validator.Add($"{at}.imei", $"{imei?.Value ?? serial} was not shipped to you.");
                    continue;
                }

                var zone = markets[device.Market].Zone;
                var shipped = device.ShippedAt.InZone(zone).Date;
                var today = now.InZone(zone).Date;
                if (day < shipped || day > today)
                {
                    validator.Add($"{at}.soldOn", $"{device.Identity} was shipped to you on {shipped:uuuu-MM-dd}; a sale is between then and today ({today:uuuu-MM-dd}).");
                    continue;
                }

                var before = device.SoldThroughAt;
                var sold = device.SoldThrough(day.AtStartOfDayInZone(zone).ToInstant());
                if (!sold.IsSuccess)
                {
                    validator.Add($"{at}.soldOn", sold.Error.Message);
                    continue;
                }

                if (before is null)
                {
                    reported++;
                }
                else
                {
                    known++;
                }
            }

            if (validator.ToError() is { } wrong)
            {
                return wrong;
            }

            await db.SaveChangesAsync(ct);
            return new SellThroughResponse(reported, known);
        }, ct);

    /// <summary>Sell-in against sell-through per partner and market (one partner's, or every partner's for staff).</summary>
    public static async Task<IReadOnlyList<SellThroughRow>> Figures(Slug? partner, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.Now() - Duration.FromDays(30);
        // Counted by the database, a row per partner and market, however many devices there are.
        var rows = await db.Devices.AsNoTracking()
            .Where(d => d.Source == DeviceSource.PartnerOrder && (partner == null || d.Channel == partner))
            .GroupBy(d => new { d.Channel, d.Market })
            .Select(g => new
            {
                g.Key.Channel,
                g.Key.Market,
                SellIn = g.Count(),
                Through = g.Count(d => d.SoldThroughAt != null),
                RecentIn = g.Count(d => d.ShippedAt >= since),
                RecentThrough = g.Count(d => d.SoldThroughAt != null && d.SoldThroughAt >= since),
            })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Channel.Value, StringComparer.Ordinal).ThenBy(r => r.Market.Value, StringComparer.Ordinal).Select(r =>
            new SellThroughRow(r.Channel.Value, r.Market.Value, r.SellIn, r.Through, r.SellIn - r.Through,
                r.SellIn == 0 ? 0 : Math.Round((decimal)r.Through / r.SellIn, 3), r.RecentIn, r.RecentThrough))];
    }
}
