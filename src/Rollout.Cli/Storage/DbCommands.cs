using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Storage;

public static class DbCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Applies the database migrations of the configured provider.");
        migrate.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var db = services.GetRequiredService<RolloutDb>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await RolloutStorage.Migrate(db, ct);
            Console.WriteLine(pending.Count == 0
                ? $"The {services.GetRequiredService<StorageOptions>().Provider} database is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
            return 0;
        }, ct, migrate: false));

        var db = new Command("db", "Database tasks.");
        db.Subcommands.Add(migrate);
        return db;
    }
}
