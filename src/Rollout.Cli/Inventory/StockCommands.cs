using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Inventory;

public static class StockCommands
{
    private static string Actor => $"cli:{Environment.UserName}";

    public static Command Create()
    {
        var sku = new Option<string>("--sku") { Description = "The variant's SKU.", Required = true };
        var location = new Option<string>("--location") { Description = "The stock location's code.", Required = true };
        var quantity = new Option<int>("--quantity") { Description = "Number of units (negative to take out, for adjust).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the stock changes.", Required = true };
        var from = new Option<string>("--from") { Description = "The location units leave.", Required = true };
        var to = new Option<string>("--to") { Description = "The location units reach.", Required = true };

        var receive = new Command("receive", "Records units arriving at a location.") { sku, location, quantity };
        receive.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) => Print(await MoveStock.Receive(
            new ReceiveStockRequest(parse.GetValue(sku), parse.GetValue(location), parse.GetValue(quantity)), Actor, Db(services), Clock(services), ct)), ct));

        var adjust = new Command("adjust", "Corrects the stock of a location, with a reason; never below zero.") { sku, location, quantity, reason };
        adjust.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) => Print(await MoveStock.Adjust(
            new AdjustStockRequest(parse.GetValue(sku), parse.GetValue(location), parse.GetValue(quantity), parse.GetValue(reason)), Actor, Db(services), Clock(services), ct)), ct));

        var transfer = new Command("transfer", "Moves units from one location to another.") { sku, from, to, quantity };
        transfer.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) => Print(await MoveStock.Transfer(
            new TransferStockRequest(parse.GetValue(sku), parse.GetValue(from), parse.GetValue(to), parse.GetValue(quantity)), Actor, Db(services), Clock(services), ct)), ct));

        var list = new Command("list", "Units on hand, allocated and available per variant and location.");
        list.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var levels = await GetStock.Levels(null, null, Db(services), ct);
            CliHost.Table(["LOCATION", "SKU", "ON HAND", "ALLOCATED", "AVAILABLE"],
                levels.Select(l => (IReadOnlyList<string>)[l.Location, l.Sku, $"{l.OnHand}", $"{l.Allocated}", $"{l.Available}"]));
            return 0;
        }, ct));

        var stock = new Command("stock", "Stock: receipts, adjustments, transfers and levels.");
        stock.Subcommands.Add(receive);
        stock.Subcommands.Add(adjust);
        stock.Subcommands.Add(transfer);
        stock.Subcommands.Add(list);
        return stock;
    }

    private static RolloutDb Db(IServiceProvider services) => services.GetRequiredService<RolloutDb>();

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredService<TimeProvider>();

    private static int Print(Result<StockResponse> moved)
    {
        if (!moved.IsSuccess)
        {
            return CliHost.Fail(moved.Error);
        }

        var level = moved.Value;
        Console.WriteLine($"{level.Location} now holds {level.OnHand} of {level.Sku} ({level.Available} available).");
        return 0;
    }
}
