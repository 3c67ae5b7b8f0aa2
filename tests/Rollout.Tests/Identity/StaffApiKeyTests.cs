using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14, point 7: keys for scripts, issued by an admin to a staff account, never wider than it, shown once, hashed at rest.</summary>
public abstract class StaffApiKeyTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Problem(string? Detail, string? Code);

    private async Task<HttpClient> AdminWithManager()
    {
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/staff", new { email = "cm@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.CatalogManager, StaffRoles.PricingManager } }, Ct)).EnsureSuccessStatusCode();
        return admin;
    }

    private static async Task<IssuedApiKeyResponse> Issue(HttpClient admin, object body)
    {
        var issued = await admin.PostAsJsonAsync("/api/staff/cm@test.local/keys", body, Ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (await issued.Content.ReadFromJsonAsync<IssuedApiKeyResponse>(Ct))!;
    }

    private HttpClient Script(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(StaffKeyAuthentication.KeyScheme, key);
        return client;
    }

    [Fact]
    public async Task A_key_is_shown_once_kept_only_as_a_hash_and_opens_what_its_roles_open()
    {
        var admin = await AdminWithManager();
        var issued = await Issue(admin, new { name = "nightly catalog sync", roles = new[] { StaffRoles.CatalogManager } });
        using var script = Script(issued.Secret);

        var listed = (await admin.GetFromJsonAsync<List<ApiKeyResponse>>("/api/staff/cm@test.local/keys", Ct))!;

        Assert.StartsWith("sk_", issued.Secret, StringComparison.Ordinal);
        var only = Assert.Single(listed);
        Assert.Equal((issued.Key.Id, "nightly catalog sync", RolloutApp.AdminEmail), (only.Id, only.Name, only.IssuedBy));
        Assert.Equal([StaffRoles.CatalogManager], only.Roles);
        Assert.DoesNotContain(issued.Secret.Split('.')[1], await admin.GetStringAsync("/api/staff/cm@test.local/keys", Ct), StringComparison.Ordinal);
        using (var scope = App.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<RolloutDb>().StaffApiKeys.AsNoTracking().SingleAsync(Ct);
            Assert.DoesNotContain(issued.Secret.Split('.')[1], row.SecretHash, StringComparison.Ordinal);
            Assert.Equal(64, row.SecretHash.Length);
        }

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await script.PostAsJsonAsync("/api/products", new { code = "x" }, Ct)).StatusCode); // In: a catalog manager's write, judged on its body.
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PutAsJsonAsync("/api/costs", new { }, Ct)).StatusCode); // The account prices; the key does not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(issued.Secret[..^2] + "xx").GetAsync("/api/products", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admins_key_does_admin_work_but_never_manages_staff_keys_or_second_factors()
    {
        var admin = await App.Admin();
        var issued = await admin.PostAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}/keys", new { name = "erp", roles = new[] { StaffRoles.Admin } }, Ct);
        issued.EnsureSuccessStatusCode();
        using var script = Script((await issued.Content.ReadFromJsonAsync<IssuedApiKeyResponse>(Ct))!.Secret);

        var markets = await script.PostAsJsonAsync("/api/markets", new { }, Ct); // admin work: judged on its body (400), not refused
        var list = await script.GetAsync("/api/staff", Ct);
        var mint = await script.PostAsJsonAsync($"/api/staff/{RolloutApp.AdminEmail}/keys", new { name = "more", roles = new[] { StaffRoles.Admin } }, Ct);
        var add = await script.PostAsJsonAsync("/api/staff", new { email = "evil@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.Admin } }, Ct);
        var reset = await script.DeleteAsync($"/api/staff/{RolloutApp.AdminEmail}/second-factor", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, markets.StatusCode);
        Assert.All([list, mint, add, reset], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task A_key_is_never_wider_than_its_account()
    {
        var admin = await AdminWithManager();

        var wider = await admin.PostAsJsonAsync("/api/staff/cm@test.local/keys", new { name = "too much", roles = new[] { StaffRoles.Admin } }, Ct);
        var issued = await Issue(admin, new { name = "catalog", roles = new[] { StaffRoles.CatalogManager } });
        (await admin.PatchAsJsonAsync("/api/staff/cm@test.local", new { roles = new[] { StaffRoles.PricingManager } }, Ct)).EnsureSuccessStatusCode();

        Assert.Contains("never wider than its account", (await ProblemFor(wider, "roles"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(issued.Secret).GetAsync("/api/products", Ct)).StatusCode); // Its only role is gone from the account.
    }

    [Fact]
    public async Task A_key_stops_when_revoked_when_it_expires_and_while_its_account_is_disabled()
    {
        var admin = await AdminWithManager();
        var revoked = await Issue(admin, new { name = "revoked", roles = new[] { StaffRoles.CatalogManager } });
        var expiring = await Issue(admin, new { name = "a week", roles = new[] { StaffRoles.CatalogManager }, days = 7 });
        var disabled = await Issue(admin, new { name = "disabled", roles = new[] { StaffRoles.CatalogManager }, days = 30 });
        Assert.Equal(HttpStatusCode.OK, (await Script(revoked.Secret).GetAsync("/api/products", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/staff/cm@test.local/keys/{revoked.Key.Id}", Ct)).StatusCode);
        var refused = await Script(revoked.Secret).GetAsync("/api/products", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("auth.staff_key", (await refused.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);

        App.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(expiring.Secret).GetAsync("/api/products", Ct)).StatusCode);
        admin = await App.Admin();
        Assert.Equal(HttpStatusCode.OK, (await Script(disabled.Secret).GetAsync("/api/products", Ct)).StatusCode);
        (await admin.PatchAsJsonAsync("/api/staff/cm@test.local", new { disabled = true }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(disabled.Secret).GetAsync("/api/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.Staff(StaffRoles.CatalogManager)).GetAsync("/api/staff/cm@test.local/keys", Ct)).StatusCode);
    }
}

public sealed class SqliteStaffApiKeyTests() : StaffApiKeyTests(StorageProvider.Sqlite);

public sealed class PostgresStaffApiKeyTests() : StaffApiKeyTests(StorageProvider.Postgres);
