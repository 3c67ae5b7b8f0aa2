using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Pages;

/// <summary>Issue 14 in the pages: signing out ends the session, the console's staff page is for admins, passwords change in the console.</summary>
public abstract class AccountPageTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A request carrying only the given sign-in cookie, as someone who copied it would send it.</summary>
    private async Task<HttpResponseMessage> WithCookie(string cookie, string path)
    {
        using var client = FormPages.Client(App);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, Ct);
    }

    private async Task<(HttpClient Browser, string Cookie)> ConsoleSignIn(string email, string password)
    {
        var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/admin/login");
        var signedIn = await FormPages.Post(browser, "/admin/login", token, new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (browser, FormPages.AuthCookie(signedIn)!);
    }

    [Fact]
    public async Task Signing_out_of_the_storefront_ends_the_session_so_a_copied_cookie_is_refused()
    {
        using var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/es/account");
        var registered = await FormPages.Post(browser, "/es/account?handler=Register", token, new Dictionary<string, string> { ["email"] = "ana@example.es", ["password"] = "Customer-Pass-1", ["name"] = "Ana" });
        var cookie = FormPages.AuthCookie(registered)!;
        Assert.Contains("ana@example.es", await (await WithCookie(cookie, "/es/account")).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (_, signedInToken) = await FormPages.Open(browser, "/es/account");
        var signedOut = await FormPages.Post(browser, "/es/account?handler=SignOut", signedInToken, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var copied = await (await WithCookie(cookie, "/es/account")).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("ana@example.es", copied, StringComparison.Ordinal);
        Assert.Contains("handler=SignIn", copied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_storefront_door_refuses_staff_and_registering_a_staff_e_mail_signs_no_one_in()
    {
        using var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/es/account");

        var signIn = await FormPages.Post(browser, "/es/account?handler=SignIn", token, new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["password"] = RolloutApp.AdminPassword });
        var register = await FormPages.Post(browser, "/es/account?handler=Register", token, new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["password"] = "Customer-Pass-1", ["name"] = "Eve" });

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("The e-mail or password is wrong.", await signIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(FormPages.AuthCookie(signIn));
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        Assert.Null(FormPages.AuthCookie(register));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin", Ct)).StatusCode); // Not signed in to the console either.
    }

    [Fact]
    public async Task An_admin_disables_a_member_of_staff_on_the_staff_page_and_their_cookie_stops_at_once()
    {
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/staff", new { email = "cm@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.CatalogManager } }, Ct)).EnsureSuccessStatusCode();
        var (_, cmCookie) = await ConsoleSignIn("cm@test.local", RolloutApp.StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(cmCookie, "/admin/catalog")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookie(cmCookie, "/admin/staff")).StatusCode); // Admins only.

        var (console, _) = await ConsoleSignIn(RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        var (html, token) = await FormPages.Open(console, "/admin/staff");
        Assert.Contains("cm@test.local", html, StringComparison.Ordinal);
        var disabled = await FormPages.Post(console, "/admin/staff?handler=Disabled", token, new Dictionary<string, string> { ["email"] = "cm@test.local", ["disabled"] = "true" });

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Contains("cm@test.local is disabled", WebUtility.HtmlDecode(await disabled.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var after = await WithCookie(cmCookie, "/admin/catalog");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        console.Dispose();
    }

    [Fact]
    public async Task Staff_change_their_own_password_in_the_console_and_sign_in_with_it()
    {
        var (console, cookie) = await ConsoleSignIn(RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        var (_, token) = await FormPages.Open(console, "/admin/password");

        var common = await FormPages.Post(console, "/admin/password", token, new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["currentPassword"] = RolloutApp.AdminPassword, ["newPassword"] = "qwerty123456" });
        var changed = await FormPages.Post(console, "/admin/password", token, new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["currentPassword"] = RolloutApp.AdminPassword, ["newPassword"] = "staple lamp orchard river" });

        Assert.Contains("most common ones", WebUtility.HtmlDecode(await common.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookie(cookie, "/admin")).StatusCode);
        await ConsoleSignIn(RolloutApp.AdminEmail, "staple lamp orchard river");
        console.Dispose();
    }
}

public sealed class SqliteAccountPageTests() : AccountPageTests(StorageProvider.Sqlite);

public sealed class PostgresAccountPageTests() : AccountPageTests(StorageProvider.Postgres);
