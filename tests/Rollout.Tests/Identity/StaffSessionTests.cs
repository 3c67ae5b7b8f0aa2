using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14: a change to an account, a sign-out or a stolen refresh token ends sessions on the very next request.</summary>
public abstract class StaffSessionTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record Tokens(string AccessToken, string RefreshToken, long ExpiresIn);

    internal sealed record Problem(int Status, string? Detail, string? Code);

    private async Task<string> NewStaff(params string[] roles)
    {
        var email = $"s-{Guid.NewGuid():N}@test.local";
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/staff", new { email, password = RolloutApp.StaffPassword, roles }, Ct)).EnsureSuccessStatusCode();
        return email;
    }

    private async Task<Tokens> SignIn(string email, string password = RolloutApp.StaffPassword)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Tokens>(Ct))!;
    }

    private async Task<HttpResponseMessage> Refresh(string refreshToken) =>
        await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);

    /// <summary>A staff read that any catalog manager may do.</summary>
    private async Task<HttpStatusCode> ReadProducts(string accessToken)
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/products", Ct)).StatusCode;
    }

    private static async Task<Problem> ProblemOf(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<Problem>(Ct))!;

    [Fact]
    public async Task Disabling_an_account_stops_its_remembered_bearer_token_and_its_refresh_token_at_the_next_request()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(tokens.AccessToken)); // Now the server remembers the ticket.
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(tokens.AccessToken));

        var disabled = await (await App.Admin()).PatchAsJsonAsync($"/api/staff/{email}", new { disabled = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<StaffMember>(Ct))!.Disabled);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(tokens.RefreshToken)).StatusCode);
        var signIn = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password = RolloutApp.StaffPassword }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal(SignInAtDoor.DisabledCode, (await ProblemOf(signIn)).Code);
    }

    [Fact]
    public async Task An_ended_session_is_refused_with_a_problem_that_says_so()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);
        (await (await App.Admin()).PatchAsJsonAsync($"/api/staff/{email}", new { disabled = true }, Ct)).EnsureSuccessStatusCode();

        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var refused = await client.GetAsync("/api/products", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("auth.session_ended", (await ProblemOf(refused)).Code);
    }

    [Fact]
    public async Task Enabling_the_account_again_does_not_bring_old_sessions_back()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);
        var admin = await App.Admin();
        (await admin.PatchAsJsonAsync($"/api/staff/{email}", new { disabled = true }, Ct)).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/staff/{email}", new { disabled = false }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await ReadProducts((await SignIn(email)).AccessToken));
    }

    [Fact]
    public async Task Changing_roles_ends_the_sessions_and_the_next_sign_in_carries_the_new_roles()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(tokens.AccessToken));

        var changed = await (await App.Admin()).PatchAsJsonAsync($"/api/staff/{email}", new { roles = new[] { StaffRoles.SupportAgent } }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal([StaffRoles.SupportAgent], (await changed.Content.ReadFromJsonAsync<StaffMember>(Ct))!.Roles);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(tokens.RefreshToken)).StatusCode);
        using var supportAgent = App.CreateClient();
        supportAgent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await SignIn(email)).AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await supportAgent.PostAsJsonAsync("/api/products", new { code = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_setting_a_password_ends_the_sessions_and_the_owner_must_choose_a_new_one()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);

        var set = await (await App.Admin()).PutAsJsonAsync($"/api/staff/{email}/password", new { password = "Temporary-Pass-5678" }, Ct);
        var signIn = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password = "Temporary-Pass-5678" }, Ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        var problem = await ProblemOf(signIn);
        Assert.Equal(SignInAtDoor.MustChangeCode, problem.Code);
        Assert.Contains("/api/auth/password", problem.Detail, StringComparison.Ordinal);

        var changed = await App.CreateClient().PostAsJsonAsync("/api/auth/password", new { email, currentPassword = "Temporary-Pass-5678", newPassword = "my own long passphrase" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts((await SignIn(email, "my own long passphrase")).AccessToken));
    }

    [Fact]
    public async Task Changing_ones_own_password_needs_the_current_one_and_ends_every_session_of_the_account()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var first = await SignIn(email);
        var second = await SignIn(email);

        var wrong = await App.CreateClient().PostAsJsonAsync("/api/auth/password", new { email, currentPassword = "not-my-password", newPassword = "a brand new passphrase" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(first.AccessToken));
        var common = await App.CreateClient().PostAsJsonAsync("/api/auth/password", new { email, currentPassword = RolloutApp.StaffPassword, newPassword = "Password1234" }, Ct);
        Assert.NotEmpty(await ProblemFor(common, "newPassword"));

        var changed = await App.CreateClient().PostAsJsonAsync("/api/auth/password", new { email, currentPassword = RolloutApp.StaffPassword, newPassword = "a brand new passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(first.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(second.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password = RolloutApp.StaffPassword }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts((await SignIn(email, "a brand new passphrase")).AccessToken));
    }

    [Fact]
    public async Task A_refresh_gives_a_new_refresh_token_and_the_old_one_stops_working()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var first = await SignIn(email);

        var refreshed = await Refresh(first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<Tokens>(Ct))!;

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(second.AccessToken));
        var third = await Refresh(second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts((await third.Content.ReadFromJsonAsync<Tokens>(Ct))!.AccessToken));
    }

    [Fact]
    public async Task A_refresh_token_used_twice_ends_its_whole_family()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var stolen = await SignIn(email);
        var owner = (await (await Refresh(stolen.RefreshToken)).Content.ReadFromJsonAsync<Tokens>(Ct))!;

        var replay = await Refresh(stolen.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(owner.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(owner.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(stolen.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await ReadProducts((await SignIn(email)).AccessToken)); // Another session is untouched by it.
    }

    [Fact]
    public async Task Of_two_refreshes_racing_with_one_token_at_most_one_wins()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Refresh(tokens.RefreshToken)));

        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_forged_refresh_token_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh("rt_not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh("")).StatusCode);
    }

    [Fact]
    public async Task A_staff_session_ends_after_its_absolute_lifetime_however_often_it_is_refreshed()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var tokens = await SignIn(email);
        for (var hour = 0; hour < 11; hour++)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(59));
            var refreshed = await Refresh(tokens.RefreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            tokens = (await refreshed.Content.ReadFromJsonAsync<Tokens>(Ct))!;
        }

        App.Clock.Advance(TimeSpan.FromMinutes(59)); // 11 h 48 min after signing in: the last token lives only until the 12th hour.
        var last = (await (await Refresh(tokens.RefreshToken)).Content.ReadFromJsonAsync<Tokens>(Ct))!;
        Assert.True(last.ExpiresIn <= 12 * 60, $"The token outlives its session: {last.ExpiresIn} s");
        App.Clock.Advance(TimeSpan.FromMinutes(12));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(last.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(last.AccessToken));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_of_the_token_and_its_refresh_tokens_but_no_other()
    {
        var email = await NewStaff(StaffRoles.CatalogManager);
        var laptop = await SignIn(email);
        var phone = await SignIn(email);
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", laptop.AccessToken);

        var signedOut = await client.PostAsync("/api/auth/sign-out", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ReadProducts(laptop.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(laptop.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadProducts(phone.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsync("/api/auth/sign-out", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_customer_signs_out_of_the_api_too()
    {
        var client = App.CreateClient();
        (await client.PostAsJsonAsync("/api/customers", new { email = "ana@example.es", password = "Customer-Pass-1", name = "Ana" }, Ct)).EnsureSuccessStatusCode();
        var tokens = (await (await client.PostAsJsonAsync("/api/customers/token", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct)).Content.ReadFromJsonAsync<Tokens>(Ct))!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(tokens.RefreshToken)).StatusCode);
    }
}

public sealed class SqliteStaffSessionTests() : StaffSessionTests(StorageProvider.Sqlite);

public sealed class PostgresStaffSessionTests() : StaffSessionTests(StorageProvider.Postgres);
