using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Orders;

public static class OrderCommands
{
    public static Command Create()
    {
        var market = new Option<string?>("--market") { Description = "Only this market, e.g. FR." };
        var status = new Option<string?>("--status") { Description = "Only orders in this state: placed, paid, allocated, shipped, delivered, cancelled, refunded." };
        var list = new Command("list", "The latest orders with their totals.") { market, status };
        list.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var wanted = parse.GetValue(status);
            if (wanted is not null && !Enum.TryParse<OrderStatus>(wanted, ignoreCase: true, out _))
            {
                return CliHost.Fail($"--status: '{wanted}' is not an order state; the states are {string.Join(", ", Enum.GetNames<OrderStatus>()).ToLowerInvariant()}.");
            }

            var db = services.GetRequiredService<RolloutDb>();
            if (parse.GetValue(market) is { } code && await Rollout.Markets.GetMarkets.Find(code, db, ct) is { IsSuccess: false } unknown)
            {
                return CliHost.Fail($"--market: {unknown.Error.Message}");
            }

            var orders = await GetOrders.Recent(parse.GetValue(market), wanted, db, ct);
            CliHost.Table(
                ["NUMBER", "PLACED (UTC)", "STATUS", "MARKET", "CHANNEL", "EMAIL", "UNITS", "TOTAL"],
                orders.Select(o => (IReadOnlyList<string>)
                [
                    o.Number, o.PlacedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), o.Status, o.Market, o.Channel, o.Email,
                    $"{o.Lines.Sum(l => l.Quantity)}", $"{o.Total.ToString("N2", CultureInfo.InvariantCulture)} {o.Currency}",
                ]));
            Console.WriteLine(orders.Count == 1 ? "1 order." : $"{orders.Count} orders.");
            return 0;
        }, ct));

        var orders = new Command("orders", "Orders.");
        orders.Subcommands.Add(list);
        return orders;
    }
}
