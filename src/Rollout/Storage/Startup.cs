using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollout.Demo;
using Rollout.Identity;
using Rollout.Pricing;

namespace Rollout.Storage;

/// <summary>What a starting server does before it answers: migrate, make the first admin, load the demo.</summary>
public static partial class Startup
{
    public static async Task Prepare(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct)
    {
        // Settings that would otherwise fail at the first checkout fail now, with their reason (a short card secret, or none on PostgreSQL).
        _ = services.GetRequiredService<Rollout.Orders.PaymentProviders>();
        _ = services.GetRequiredService<Rollout.Orders.CheckoutOptions>();
        if (services.GetRequiredService<TimeProvider>() is ShiftedClock shifted)
        {
            ClockShifted(logger, shifted.GetUtcNow(), shifted.Offset);
        }

        if (configuration["Rollout:PublicUrl"] is null)
        {
            PublicUrlUnset(logger); // Reset and confirmation links would point at localhost.
        }

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<RolloutDb>();
        await RolloutStorage.Migrate(db, ct);

        var admin = await BootstrapAdmin.Handle(
            configuration["Rollout:Bootstrap:AdminEmail"],
            configuration["Rollout:Bootstrap:AdminPassword"],
            StorageOptions.DataFolder(configuration),
            provider.GetRequiredService<UserManager<RolloutUser>>(),
            provider.GetRequiredService<RoleManager<IdentityRole>>());
        if (!admin.IsSuccess)
        {
            throw new InvalidOperationException($"The first admin could not be created: {admin.Error.Message}");
        }

        // The customer role exists before the first customers register, so a crowd registering at once never races to make it.
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(RolloutUser.CustomerRole))
        {
            await roles.CreateAsync(new IdentityRole(RolloutUser.CustomerRole));
        }

        // A server (not the CLI) knows which roles need a second factor: sessions opened without one they now need end.
        if (provider.GetService<SecondFactorSettings>() is { } factors)
        {
            await EndSessionsLackingSecondFactor.Handle(factors, db, provider.GetRequiredService<SessionCheck>(), provider.GetRequiredService<TimeProvider>(), ct);
        }

        if (admin.Value is { } file)
        {
            FirstAdminCreated(logger, configuration["Rollout:Bootstrap:AdminEmail"] ?? BootstrapAdmin.DefaultEmail, file);
        }

        if (configuration.GetValue("Rollout:Demo", true))
        {
            var demo = await LoadDemo.IfEmpty(db, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<MarginCap>(), configuration.GetValue("Rollout:DemoStock", true), ct);
            if (!demo.IsSuccess)
            {
                throw new InvalidOperationException($"The demo data could not be loaded: {demo.Error.Message} {string.Join("; ", demo.Error.Fields.SelectMany(f => f.Value))}");
            }

            if (demo.Value is { } loaded)
            {
                DemoLoaded(logger, loaded);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "First admin created: {Email}, with a generated password written to {File} (readable by this user only); it must be changed at the first sign-in. Set Rollout:Bootstrap:AdminEmail and Rollout:Bootstrap:AdminPassword to choose them instead")]
    private static partial void FirstAdminCreated(ILogger logger, string email, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The clock is shifted: it reads {Now:O}, {Offset} from the machine's (Rollout:Clock:Now or Rollout:Clock:Offset); never in production")]
    private static partial void ClockShifted(ILogger logger, DateTimeOffset now, TimeSpan offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollout:PublicUrl is not set: links in e-mails (password reset, e-mail confirmation) point to http://localhost:5080; set it to the site's public https address")]
    private static partial void PublicUrlUnset(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data loaded: {Summary}")]
    private static partial void DemoLoaded(ILogger logger, string summary);
}
