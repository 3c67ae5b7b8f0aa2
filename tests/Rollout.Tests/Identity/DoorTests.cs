using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14: staff and customers sign in at separate doors with separate lockouts; registering tells nothing of staff.</summary>
public abstract class DoorTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Problem(string? Detail, string? Code);

    internal sealed record Registered(string Id, string Email, string? Name, IReadOnlyList<object> Addresses);

    private async Task<int> FailedCount(string email)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RolloutUser>>();
        return await users.GetAccessFailedCountAsync((await users.FindByEmailAsync(email))!);
    }

    [Fact]
    public async Task Failures_at_the_customer_door_never_lock_out_a_member_of_staff()
    {
        var crowd = App.CreateClient();
        for (var i = 0; i < 15; i++)
        {
            var refused = await crowd.PostAsJsonAsync("/api/customers/token", new { email = RolloutApp.AdminEmail, password = $"guess-{i}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var rightPasswordWrongDoor = await crowd.PostAsJsonAsync("/api/customers/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, rightPasswordWrongDoor.StatusCode);
        Assert.Equal(SignInAtDoor.WrongCode, (await rightPasswordWrongDoor.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);
        Assert.Equal(0, await FailedCount(RolloutApp.AdminEmail));
        await App.Admin(); // Signs in at the staff door.
    }

    [Fact]
    public async Task The_staff_door_refuses_customers_without_counting_a_failure()
    {
        (await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct)).EnsureSuccessStatusCode();
        await App.CreateClient().PostAsJsonAsync("/api/customers/token", new { email = "ana@example.es", password = "wrong-password-1" }, Ct);

        var staffDoor = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct);
        await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "ana@example.es", password = "wrong-password-2" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, staffDoor.StatusCode);
        Assert.Equal(1, await FailedCount("ana@example.es")); // Only the failure at her own door.
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().PostAsJsonAsync("/api/customers/token", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Failures_at_the_staff_door_lock_the_account_there()
    {
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/staff", new { email = "cm@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.CatalogManager } }, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 10; i++)
        {
            await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "cm@test.local", password = $"guess-{i}" }, Ct);
        }

        var locked = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "cm@test.local", password = RolloutApp.StaffPassword }, Ct);

        Assert.Equal(SignInAtDoor.LockedOutCode, (await locked.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);
        Assert.True((await admin.GetFromJsonAsync<StaffPage>("/api/staff", Ct))!.Items.Single(s => s.Email == "cm@test.local").LockedOut);
        (await admin.PutAsJsonAsync("/api/staff/cm@test.local/password", new { password = "Unlocked-Pass-5678", mustChange = false }, Ct)).EnsureSuccessStatusCode();
        await App.SignedIn("cm@test.local", "Unlocked-Pass-5678");
    }

    [Fact]
    public async Task Registering_with_a_staff_e_mail_answers_as_a_fresh_registration_and_touches_nothing()
    {
        var fresh = await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "new@example.es", password = "Customer-Pass-1", name = "Nuevo" }, Ct);
        var staff = await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = RolloutApp.AdminEmail, password = "Customer-Pass-1", name = "Nuevo" }, Ct);

        Assert.Equal(fresh.StatusCode, staff.StatusCode);
        Assert.Equal(fresh.Headers.Location, staff.Headers.Location);
        var a = (await fresh.Content.ReadFromJsonAsync<Registered>(Ct))!;
        var b = (await staff.Content.ReadFromJsonAsync<Registered>(Ct))!;
        Assert.Equal((a.Name, a.Addresses.Count, a.Id.Length), (b.Name, b.Addresses.Count, b.Id.Length));
        Assert.Equal(RolloutApp.AdminEmail, b.Email);
        await App.Admin(); // The admin's password is unchanged,
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/customers/token", new { email = RolloutApp.AdminEmail, password = "Customer-Pass-1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "new@example.es", password = "Customer-Pass-1" }, Ct)).StatusCode);
    }
}

public sealed class SqliteDoorTests() : DoorTests(StorageProvider.Sqlite);

public sealed class PostgresDoorTests() : DoorTests(StorageProvider.Postgres);
