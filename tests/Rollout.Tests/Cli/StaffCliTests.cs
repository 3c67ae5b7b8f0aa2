using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Cli;

/// <summary>Issue 14: <c>rollout staff list|roles|disable|enable|password</c> beside <c>staff add</c>, on a running server's database.</summary>
public abstract class StaffCliTests(StorageProvider provider) : ProviderTest(provider)
{
    protected override bool LoadDemo => false;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CliRun> Staff(params string[] args) => RolloutCli.Run(App, ["staff", .. args]);

    [Fact]
    public async Task Staff_are_listed_given_roles_disabled_enabled_and_given_a_password()
    {
        Assert.Equal(0, (await Staff("add", "--email", "cm@test.local", "--password", RolloutApp.StaffPassword, "--role", StaffRoles.CatalogManager)).ExitCode);

        var roles = await Staff("roles", "--email", "cm@test.local", "--role", StaffRoles.CatalogManager, "--role", StaffRoles.PricingManager);
        var disabled = await Staff("disable", "--email", "cm@test.local");
        var listed = await Staff("list");
        var enabled = await Staff("enable", "--email", "cm@test.local");
        var password = await Staff("password", "--email", "cm@test.local", "--password", "Reset-By-Cli-5678");
        var page = await Staff("list", "--page", "2", "--page-size", "1");

        Assert.Equal(0, roles.ExitCode);
        Assert.Contains("cm@test.local: catalog-manager, pricing-manager, enabled", roles.Out, StringComparison.Ordinal);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Matches(@"cm@test\.local\s+catalog-manager,pricing-manager\s+disabled", listed.Out);
        Assert.Matches(@"admin@test\.local\s+admin\s+enabled", listed.Out);
        Assert.Contains("page 1 of 1, 2 staff", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, enabled.ExitCode);
        Assert.Equal(0, password.ExitCode);
        Assert.Contains("to be changed at the next sign-in", password.Out, StringComparison.Ordinal);
        Assert.Matches(@"cm@test\.local\s+catalog-manager,pricing-manager\s+enabled,must-change-password", page.Out);
        Assert.Contains("page 2 of 2, 2 staff", page.Out, StringComparison.Ordinal);
        var signIn = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "cm@test.local", password = "Reset-By-Cli-5678" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
    }

    [Fact]
    public async Task Refusals_print_the_rule_on_stderr_and_exit_non_zero()
    {
        var lastAdmin = await Staff("disable", "--email", RolloutApp.AdminEmail);
        var unknownRole = await Staff("roles", "--email", RolloutApp.AdminEmail, "--role", "boss");
        var nobody = await Staff("enable", "--email", "nobody@test.local");
        var common = await Staff("password", "--email", RolloutApp.AdminEmail, "--password", "password1234");
        var badPage = await Staff("list", "--page", "0");

        Assert.Equal(1, lastAdmin.ExitCode);
        Assert.Contains("is the last enabled admin", lastAdmin.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknownRole.ExitCode);
        Assert.Contains("roles: 'boss' is not a role", unknownRole.Error, StringComparison.Ordinal);
        Assert.Equal(1, nobody.ExitCode);
        Assert.Contains("No staff member has the e-mail nobody@test.local", nobody.Error, StringComparison.Ordinal);
        Assert.Equal(1, common.ExitCode);
        Assert.Contains("password: This password is one of the most common ones", common.Error, StringComparison.Ordinal);
        Assert.Equal(1, badPage.ExitCode);
        Assert.Contains("page: Pages count from 1.", badPage.Error, StringComparison.Ordinal);
        await App.Admin(); // Nothing changed.
    }

    [Fact]
    public async Task A_change_made_elsewhere_stops_this_servers_tokens_within_its_session_check()
    {
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/staff", new { email = "cm@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.CatalogManager } }, Ct)).EnsureSuccessStatusCode();
        var cm = await App.SignedIn("cm@test.local", RolloutApp.StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await cm.GetAsync("/api/products", Ct)).StatusCode); // This server now trusts the session for a second.

        Assert.Equal(0, (await Staff("disable", "--email", "cm@test.local")).ExitCode); // Another process: this server hears nothing of it.
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await cm.GetAsync("/api/products", Ct)).StatusCode);
    }
}

public sealed class SqliteStaffCliTests() : StaffCliTests(StorageProvider.Sqlite);

public sealed class PostgresStaffCliTests() : StaffCliTests(StorageProvider.Postgres);
