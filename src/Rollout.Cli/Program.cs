using Rollout.Catalog;
using Rollout.Cli;
using Rollout.Identity;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Pricing;

var root = new RootCommand("rollout: run Rollout from the command line against its database (SQLite in ./data by default).");
root.Options.Add(CliHost.Provider);
root.Options.Add(CliHost.ConnectionString);
root.Options.Add(CliHost.DataFolder);
root.Subcommands.Add(DbCommands.Create());
root.Subcommands.Add(MarketCommands.Create());
root.Subcommands.Add(CatalogCommands.Create());
root.Subcommands.Add(PriceCommands.Create());
root.Subcommands.Add(StockCommands.Create());
root.Subcommands.Add(StaffCommands.Create());
return await root.Parse(args).InvokeAsync();
