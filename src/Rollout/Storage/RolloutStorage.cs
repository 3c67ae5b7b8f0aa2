using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Mail;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Storage;

public static class RolloutStorage
{
    /// <summary>
    /// Registers the domain's services for any host (the server, the CLI, tests): the clock, the database of the
    /// configured provider as <see cref="RolloutDb"/>, and the staff identity stores.
    /// </summary>
    public static IServiceCollection AddRollout(this IServiceCollection services)
    {
        // Settings are read when first needed, not now, so a host (or a test) may still add configuration.
        services.AddSingleton(sp => StorageOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => ShiftedClock.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => MarginCap.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => PaymentProviders.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => CheckoutOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => MailOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<ReferenceChanges>();
        services.AddSingleton<Audit.AuditChanges>();
        services.AddSingleton<SellingDataSource>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<CartBook>();
        services.AddSingleton<AwaitingPayment>();
        services.AddSingleton<Launches.LaunchBook>();
        services.AddScoped(sp => new DbOnDemand(sp.GetRequiredService<RolloutDb>));
        services.AddSingleton<Inventory.SoldOutMemo>();
        services.AddSingleton<Inventory.UnitsLeft>();
        // The options are built once, not per request: building them costs more than a cart call's own work.
        services.AddDbContext<SqliteRolloutDb>(
            (sp, o) => o.UseSqlite(sp.GetRequiredService<StorageOptions>().ConnectionString)
                .AddInterceptors(sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<ReferenceChanges>(), sp.GetRequiredService<Audit.AuditChanges>()),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddDbContext<PostgresRolloutDb>(
            (sp, o) => o.UseNpgsql(sp.GetRequiredService<StorageOptions>().ConnectionString).AddInterceptors(sp.GetRequiredService<ReferenceChanges>(), sp.GetRequiredService<Audit.AuditChanges>()),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<RolloutDb>(sp => sp.GetRequiredService<StorageOptions>().Provider == StorageProvider.Postgres
            ? sp.GetRequiredService<PostgresRolloutDb>()
            : sp.GetRequiredService<SqliteRolloutDb>());

        services.AddIdentityCore<RolloutUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length and a list of common passwords, no composition rules (NIST SP 800-63B): "Ab1!" rules make
                // people write Password1! and nothing stronger.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddPasswordValidator<CommonPasswords>()
            .AddTokenProvider<AuthenticatorTokenProvider<RolloutUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddEntityFrameworkStores<RolloutDb>();
        services.AddSingleton(provider => SessionSettings.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SessionCheck>();
        // PBKDF2 rounds per password (ASP.NET Core Identity's 100,000 by default). Rehearsals and benchmarks that sign in
        // thousands of made-up customers lower it with Rollout:Identity:PasswordHashIterations; never lower it in production.
        services.AddOptions<PasswordHasherOptions>().Configure<IConfiguration>((o, configuration) =>
            o.IterationCount = Math.Max(1_000, configuration.GetValue("Rollout:Identity:PasswordHashIterations", 100_000)));

        return services;
    }

    /// <summary>Applies the provider's migrations; SQLite is switched to write-ahead logging so readers never wait for a writer.</summary>
    public static async Task Migrate(RolloutDb db, CancellationToken cancellationToken = default)
    {
        // Asking first is one query; MigrateAsync itself also builds the migrations' model and compares it with the
        // code's, which is most of a CLI command's start, on every command.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
