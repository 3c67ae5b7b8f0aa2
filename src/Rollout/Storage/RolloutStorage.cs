using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;

namespace Rollout.Storage;

public static class RolloutStorage
{
    /// <summary>
    /// Registers the domain's services for any host (the server, the CLI, tests): the clock, the database of the
    /// configured provider as <see cref="RolloutDb"/>, and the staff identity stores.
    /// </summary>
    public static IServiceCollection AddRollout(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);

        if (storage.Provider == StorageProvider.Postgres)
        {
            services.AddDbContext<PostgresRolloutDb>(o => o.UseNpgsql(storage.ConnectionString));
            services.AddScoped<RolloutDb>(sp => sp.GetRequiredService<PostgresRolloutDb>());
        }
        else
        {
            services.AddDbContext<SqliteRolloutDb>(o => o.UseSqlite(storage.ConnectionString));
            services.AddScoped<RolloutDb>(sp => sp.GetRequiredService<SqliteRolloutDb>());
        }

        services.AddIdentityCore<StaffUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RolloutDb>();

        return services;
    }

    /// <summary>Applies the provider's migrations; SQLite is switched to write-ahead logging so readers never wait for a writer.</summary>
    public static async Task Migrate(RolloutDb db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
