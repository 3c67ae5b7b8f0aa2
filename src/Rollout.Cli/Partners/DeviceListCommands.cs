using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;
using Rollout.Orders;

namespace Rollout.Partners;

/// <summary>
/// <c>rollout devices import FILE --partner CODE</c>: a partner's CSV list, either a sell-through report (columns
/// <c>imei</c> or <c>serial</c>, and <c>sold_on</c>) or a shipment list of its purchase orders (columns <c>order</c>,
/// <c>sku</c>, <c>imei</c>, optional <c>imei2</c> and <c>serial</c>). All rows or none; each bad row is named by its line.
/// </summary>
public static partial class DeviceListCommands
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file: a sell-through report (imei,sold_on) or a shipment list (order,sku,imei,imei2,serial)." };
        var partner = new Option<string>("--partner") { Description = "The partner the list is from, e.g. trio-mobile.", Required = true };
        var carrier = new Option<string?>("--carrier") { Description = "For a shipment list: the carrier." };
        var tracking = new Option<string?>("--tracking-number") { Description = "For a shipment list: the tracking number." };
        var import = new Command("import", "Imports a partner's sell-through report or shipment list, all or nothing.") { file, partner, carrier, tracking };
        import.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return CliHost.Fail($"{path.FullName}: no such file.");
            }

            var db = services.GetRequiredService<RolloutDb>();
            var clock = services.GetRequiredService<TimeProvider>();
            var found = await Partners.Find(parse.GetValue(partner), db, ct);
            if (!found.IsSuccess)
            {
                return CliHost.Fail(found.Error);
            }

            string[] header;
            List<Dictionary<string, string>> rows;
            try
            {
                (header, rows) = Read(path.FullName);
            }
            catch (Sylvan.Data.Csv.CsvFormatException e)
            {
                return CliHost.Fail($"{path.Name}: line {e.RowNumber + 1}: not a CSV row ({e.Message}).");
            }

            if (rows.Count == 0)
            {
                return CliHost.Fail($"{path.Name}: no rows under the header.");
            }

            var columns = header.ToHashSet();
            if (columns.Contains("sold_on"))
            {
                var request = new SellThroughRequest([.. rows.Select(r => new SoldDevice(r.GetValueOrDefault("imei"), r.GetValueOrDefault("serial"), r.GetValueOrDefault("sold_on")))]);
                var reported = await SellThrough.Report(found.Value.Code, request, db, clock, ct, rows: "rows");
                if (!reported.IsSuccess)
                {
                    return Refused(path.Name, reported.Error, i => i + 2);
                }

                Console.WriteLine($"Imported {path.Name}: {reported.Value.Reported} device(s) sold through by {found.Value.Code}, {reported.Value.AlreadyKnown} already reported; their warranty starts on the day of sale.");
                return 0;
            }

            if (!columns.Contains("order") || !columns.Contains("sku"))
            {
                return CliHost.Fail($"{path.Name}: the header names neither a sell-through report (imei,sold_on) nor a shipment list (order,sku,imei,imei2,serial).");
            }

            return await Ship(path.Name, found.Value.Code, rows, parse.GetValue(carrier), parse.GetValue(tracking), db, clock, ct);
        }, ct));

        return new Command("devices", "Devices shipped by orders and partners: imports of partners' lists.") { import };
    }

    /// <summary>Ships the partner's orders the list names, each with its rows' units, in one transaction: all or none.</summary>
    private static async Task<int> Ship(string name, Slug partner, List<Dictionary<string, string>> rows, string? carrier, string? tracking, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var byOrder = rows.Select((row, index) => (Row: row, Line: index + 2)).GroupBy(r => r.Row.GetValueOrDefault("order")?.Trim() ?? "").ToList();
        var problems = new List<string>();
        var shipped = await Transactions.Run<int>(db, async () =>
        {
            foreach (var group in byOrder)
            {
                var found = await PartnerOrders.Find(partner, group.Key, db, ct);
                if (!found.IsSuccess)
                {
                    problems.AddRange(group.Select(r => $"line {r.Line}: order: {found.Error.Message}"));
                    continue;
                }

                var order = found.Value;
                var lines = group.Select(r => r.Line).ToList();
                var units = group.Select(r => new ShippedUnit(r.Row.GetValueOrDefault("sku"), r.Row.GetValueOrDefault("imei"), r.Row.GetValueOrDefault("imei2"), r.Row.GetValueOrDefault("serial"))).ToList();
                var done = await PartnerOrders.Ship(order.Id, new ShipOrderRequest(carrier, tracking, units), $"cli:{Environment.UserName}", db, clock, ct);
                if (!done.IsSuccess)
                {
                    problems.AddRange(Lines(done.Error, unit => lines[unit]).Select(p => $"{p} (order {order.Number})"));
                }
            }

            return problems.Count == 0 ? rows.Count : Error.Invalid("rows", "import.rows", string.Join("; ", problems));
        }, ct);
        if (!shipped.IsSuccess)
        {
            Console.Error.WriteLine($"{name}: nothing was imported; fix these and run again:");
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"{name}: {problem}");
            }

            return 1;
        }

        Console.WriteLine($"Imported {name}: {shipped.Value} unit(s) shipped on {byOrder.Count} purchase order(s) of {partner}; each is now a device.");
        return 0;
    }

    /// <summary>The rows under the header, each as its non-empty fields by lower-case column name.</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) Read(string path)
    {
        using var csv = Sylvan.Data.Csv.CsvDataReader.Create(path);
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim().ToLowerInvariant()).ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.Select((h, i) => (Column: h, Value: i < csv.RowFieldCount ? csv.GetString(i).Trim() : "")).Where(x => x.Value.Length > 0)
                .GroupBy(x => x.Column).ToDictionary(g => g.Key, g => g.First().Value));
        }

        return (header, rows);
    }

    private static int Refused(string name, Error error, Func<int, int> line)
    {
        Console.Error.WriteLine($"{name}: nothing was imported; fix these and run again:");
        foreach (var problem in Lines(error, line))
        {
            Console.Error.WriteLine($"{name}: {problem}");
        }

        return 1;
    }

    /// <summary>The file's columns and the command's options by the API's field names.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["soldOn"] = "sold_on",
        ["carrier"] = "--carrier",
        ["trackingNumber"] = "--tracking-number",
    };

    /// <summary>An error's fields with their rows (<c>rows[3].imei</c>, <c>units[3].imei</c>) as the file's lines and columns.</summary>
    private static IEnumerable<string> Lines(Error error, Func<int, int> line) => error.Fields.Count == 0
        ? [error.Message]
        : error.Fields.SelectMany(f => f.Value.Select(message => Row().Match(f.Key) is { Success: true } m
            ? $"line {line(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))}: {Names.GetValueOrDefault(m.Groups[2].Value, m.Groups[2].Value)}: {message}"
            : $"{Names.GetValueOrDefault(f.Key, f.Key)}: {message}"));

    [GeneratedRegex(@"^\w+\[(\d+)\]\.?(.*)$")]
    private static partial Regex Row();
}
