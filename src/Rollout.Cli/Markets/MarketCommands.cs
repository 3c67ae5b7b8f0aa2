using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Markets;

public static class MarketCommands
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var list = new Command("list", "Lists the markets with their status, currency, VAT, time zone and opening.") { json };
        list.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var markets = await GetMarkets.All(services.GetRequiredService<RolloutDb>(), services.GetRequiredService<TimeProvider>(), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(markets, Indented));
                return 0;
            }

            CliHost.Table(
                ["CODE", "NAME", "STATUS", "CURRENCY", "VAT", "TIME ZONE", "WARRANTY", "REGIME", "OPENS (LOCAL)"],
                markets.Select(m => (IReadOnlyList<string>)
                [
                    m.Code, m.Name, m.Status, m.Currency, $"{m.VatRate * 100:0.##}%", m.TimeZone, $"{m.StatutoryWarrantyMonths} mo", m.CertificationRegime,
                    m.OpensAtLocal is { } o ? o.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) : "-",
                ]));
            return 0;
        }, ct));

        var markets = new Command("markets", "Markets: the countries the brand sells in.");
        markets.Subcommands.Add(list);
        return markets;
    }
}
