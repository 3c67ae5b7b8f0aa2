using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Pricing;

public static class PriceCommands
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A rollout-prices/1 JSON file (src/Rollout/Demo/european-tour-prices.json is one)." };
        var import = new Command("import", "Imports exchange rates, price endings, landed costs and prices, all or nothing; every price must respect the margin cap.") { file };
        import.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return CliHost.Fail($"{path.FullName}: no such file.");
            }

            var imported = await ImportPrices.Handle(
                await File.ReadAllTextAsync(path.FullName, ct),
                $"cli:{Environment.UserName}",
                services.GetRequiredService<RolloutDb>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<MarginCap>(),
                ct);
            if (!imported.IsSuccess)
            {
                Console.Error.WriteLine($"{path.Name}: nothing was imported; fix these and run again:");
                return CliHost.Fail(imported.Error, path.Name);
            }

            var s = imported.Value;
            Console.WriteLine($"Imported {path.Name}: {s.Rates} exchange rates, {s.Endings} price endings, {s.Costs} landed costs, {s.Prices} prices.");
            foreach (var flagged in s.PricesOverCap)
            {
                Console.Error.WriteLine($"{path.Name}: warning: over the cap after the new cost, left unchanged: {flagged}");
            }
            return 0;
        }, ct));

        var market = new Option<string>("--market") { Description = "The market, e.g. FR.", Required = true };
        var channel = new Option<string?>("--channel") { Description = "Only this channel." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var report = new Command("report", "The margin report: every listed variant with price, net, VAT, landed cost, margin and flags.") { market, channel, json };
        report.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var result = await GetMarginReport.Handle(
                parse.GetValue(market)!,
                parse.GetValue(channel),
                services.GetRequiredService<RolloutDb>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<MarginCap>(),
                ct);
            if (!result.IsSuccess)
            {
                return CliHost.Fail(result.Error);
            }

            var r = result.Value;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(r, Indented));
                return 0;
            }

            static string Amount(decimal? value) => value?.ToString("N2", CultureInfo.InvariantCulture) ?? "-";
            Console.WriteLine($"Margin report for {r.Market} ({r.Currency}), cap {r.Cap:P1}, at {r.At:yyyy-MM-dd HH:mm}Z");
            CliHost.Table(
                ["CHANNEL", "SKU", "PRICE", "NET", "VAT", "LANDED", "MARGIN", "FLAGS"],
                r.Rows.Select(row => (IReadOnlyList<string>)
                [
                    row.Channel, row.Sku, Amount(row.Price), Amount(row.Net), Amount(row.Vat), Amount(row.LandedCost),
                    row.Margin?.ToString("P2", CultureInfo.InvariantCulture) ?? "-", string.Join(",", row.Flags),
                ]));
            var flagged = r.Rows.Count(row => row.Flags.Count > 0);
            Console.WriteLine(flagged == 0 ? $"{r.Rows.Count} rows, none flagged." : $"{r.Rows.Count} rows, {flagged} flagged.");
            return 0;
        }, ct));

        var prices = new Command("prices", "Prices, landed costs and the margin cap.");
        prices.Subcommands.Add(import);
        prices.Subcommands.Add(report);
        return prices;
    }
}
