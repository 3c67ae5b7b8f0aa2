using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14: admins list staff, change their roles, disable and enable them; the last admin stays.</summary>
public abstract class StaffManagementTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Problem(string? Detail, string? Code);

    private static async Task<string> NewStaff(HttpClient admin, string email, params string[] roles)
    {
        (await admin.PostAsJsonAsync("/api/staff", new { email, password = RolloutApp.StaffPassword, roles }, Ct)).EnsureSuccessStatusCode();
        return email;
    }

    [Fact]
    public async Task Staff_are_listed_by_e_mail_a_page_at_a_time_without_customers()
    {
        var admin = await App.Admin();
        foreach (var i in Enumerable.Range(0, 4))
        {
            await NewStaff(admin, $"staff{i}@test.local", StaffRoles.CatalogManager, StaffRoles.PricingManager);
        }

        (await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct)).EnsureSuccessStatusCode();

        var first = (await admin.GetFromJsonAsync<StaffPage>("/api/staff?page=1&pageSize=3", Ct))!;
        var second = (await admin.GetFromJsonAsync<StaffPage>("/api/staff?page=2&pageSize=3", Ct))!;

        Assert.Equal(5, first.Total);
        Assert.Equal([RolloutApp.AdminEmail, "staff0@test.local", "staff1@test.local"], first.Items.Select(s => s.Email));
        Assert.Equal(["staff2@test.local", "staff3@test.local"], second.Items.Select(s => s.Email));
        Assert.Equal([StaffRoles.CatalogManager, StaffRoles.PricingManager], second.Items[0].Roles);
        Assert.NotEmpty(await ProblemFor(await admin.GetAsync("/api/staff?pageSize=1000", Ct), "pageSize"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.Staff(StaffRoles.CatalogManager)).GetAsync("/api/staff", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_disabled_nor_lose_the_admin_role()
    {
        var admin = await App.Admin();

        var disable = await admin.PatchAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}", new { disabled = true }, Ct);
        var demote = await admin.PatchAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}", new { roles = new[] { StaffRoles.CatalogManager } }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(ChangeStaff.LastAdminCode, (await disable.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/staff", Ct)).StatusCode); // Still an admin, still signed in.

        await NewStaff(admin, "second@test.local", StaffRoles.Admin);
        var now = await admin.PatchAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}", new { roles = new[] { StaffRoles.CatalogManager } }, Ct);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
    }

    [Fact]
    public async Task Two_admins_disabling_each_other_at_once_leave_one_admin()
    {
        var first = await App.Admin();
        await NewStaff(first, "second@test.local", StaffRoles.Admin);
        var second = await App.SignedIn("second@test.local", RolloutApp.StaffPassword);

        var answers = await Task.WhenAll(
            first.PatchAsJsonAsync("/api/staff/second@test.local", new { disabled = true }, Ct),
            second.PatchAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}", new { disabled = true }, Ct));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var list = (await (await App.SignedIn(answers[0].IsSuccessStatusCode ? RolloutApp.AdminEmail : "second@test.local", answers[0].IsSuccessStatusCode ? RolloutApp.AdminPassword : RolloutApp.StaffPassword))
            .GetFromJsonAsync<StaffPage>("/api/staff", Ct))!;
        Assert.Single(list.Items, s => s.Roles.Contains(StaffRoles.Admin) && !s.Disabled);
    }

    [Fact]
    public async Task A_change_names_the_field_and_the_rule_and_writes_nothing()
    {
        var admin = await App.Admin();
        await NewStaff(admin, "cm@test.local", StaffRoles.CatalogManager);

        var unknownRole = await admin.PatchAsJsonAsync("/api/staff/cm@test.local", new { roles = new[] { "boss" } }, Ct);
        var noRoles = await admin.PatchAsJsonAsync("/api/staff/cm@test.local", new { roles = Array.Empty<string>() }, Ct);
        var nothing = await admin.PatchAsJsonAsync("/api/staff/cm@test.local", new { }, Ct);
        var nobody = await admin.PatchAsJsonAsync("/api/staff/nobody@test.local", new { disabled = true }, Ct);
        var weak = await admin.PutAsJsonAsync("/api/staff/cm@test.local/password", new { password = "short" }, Ct);

        Assert.Contains("'boss' is not a role", (await ProblemFor(unknownRole, "roles"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(noRoles, "roles"));
        Assert.NotEmpty(await ProblemFor(nothing, "roles"));
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.NotEmpty(await ProblemFor(weak, "password"));
        var cm = (await admin.GetFromJsonAsync<StaffPage>("/api/staff", Ct))!.Items.Single(s => s.Email == "cm@test.local");
        Assert.Equal([StaffRoles.CatalogManager], cm.Roles);
        Assert.False(cm.MustChangePassword);
        await App.SignedIn("cm@test.local", RolloutApp.StaffPassword);
    }

    [Fact]
    public async Task Customers_are_not_staff_to_change()
    {
        var admin = await App.Admin();
        (await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/api/staff/ana@example.es", new { roles = new[] { StaffRoles.Admin } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/staff/ana@example.es/password", new { password = "Someone-Elses-Pass" }, Ct)).StatusCode);
    }
}

public sealed class SqliteStaffManagementTests() : StaffManagementTests(StorageProvider.Sqlite);

public sealed class PostgresStaffManagementTests() : StaffManagementTests(StorageProvider.Postgres);
