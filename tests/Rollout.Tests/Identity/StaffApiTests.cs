using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

public abstract class StaffApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refresh_token_buys_a_new_bearer_token_and_a_forged_one_is_refused()
    {
        var client = App.CreateClient();
        var token = await Json(await client.PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct));

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token.GetProperty("refreshToken").GetString() }, Ct);
        var forged = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" }, Ct);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var fresh = (await Json(refreshed)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/markets", new { code = "DE" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_problem()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = "nope" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_refusal_for_the_wrong_role_says_which_role_is_needed()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var forbidden = await manager.PostAsJsonAsync("/api/markets", new { code = "DE" }, Ct);
        var anonymous = await App.CreateClient().PostAsJsonAsync("/api/products", new { code = "x" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("it needs an admin", (await Json(forbidden)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("an admin or a catalog manager", (await Json(anonymous)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_staff_member_with_a_bad_address_and_a_weak_password_hears_of_both_and_is_not_created()
    {
        var admin = await App.Admin();

        var response = await admin.PostAsJsonAsync("/api/staff", new { email = "not-an-address", password = "weak", roles = new[] { "catalog-manager" } }, Ct);

        Assert.Contains("not an e-mail address", (await ProblemFor(response, "email"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(response, "password"));
        var signIn = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = "not-an-address", password = "weak" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }
}

public sealed class SqliteStaffApiTests() : StaffApiTests(StorageProvider.Sqlite);

public sealed class PostgresStaffApiTests() : StaffApiTests(StorageProvider.Postgres);
