using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OtpNet;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>
/// Issue 14: a second factor (an authenticator app's TOTP codes, through Identity's authenticator support) that staff
/// and customers can turn on, required per role by a setting, and by default for admins outside Development.
/// </summary>
public abstract partial class SecondFactorTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { [SecondFactorSettings.Key] = StaffRoles.Admin };

    internal sealed record Problem(string? Detail, string? Code);

    internal sealed record Token(string AccessToken);

    /// <summary>What the phone's app shows now for a key as the server gave it (lower case, in groups of four).</summary>
    private static string CodeFor(AuthenticatorSetup setup, int step = 0) =>
        new Totp(Base32Encoding.ToBytes(setup.SharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * step));

    private async Task<HttpResponseMessage> SignIn(string door, string email, string password, string? code = null) =>
        await App.CreateClient().PostAsJsonAsync(door, new { email, password, twoFactorCode = code }, Ct);

    private static async Task<Problem> ProblemOf(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<Problem>(Ct))!;

    private async Task<(AuthenticatorSetup Setup, SecondFactorOn On)> Enrol(string door, string email, string password)
    {
        var client = App.CreateClient();
        var started = await client.PostAsJsonAsync($"{door}/second-factor", new { email, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var setup = (await started.Content.ReadFromJsonAsync<AuthenticatorSetup>(Ct))!;
        var confirmed = await client.PostAsJsonAsync($"{door}/second-factor/confirm", new { email, password, code = CodeFor(setup) }, Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return (setup, (await confirmed.Content.ReadFromJsonAsync<SecondFactorOn>(Ct))!);
    }

    [Fact]
    public void By_default_admins_need_a_second_factor_outside_Development_and_the_setting_names_roles()
    {
        static SecondFactorSettings From(string? value, bool development) =>
            SecondFactorSettings.From(new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new(SecondFactorSettings.Key, value)]).Build(), development);

        Assert.True(From(null, development: false).IsRequired([StaffRoles.Admin]));
        Assert.False(From(null, development: false).IsRequired([StaffRoles.PricingManager, RolloutUser.CustomerRole]));
        Assert.False(From(null, development: true).IsRequired([StaffRoles.Admin]));
        Assert.False(From("none", development: false).IsRequired([StaffRoles.Admin]));
        Assert.True(From("pricing-manager, customer", development: true).IsRequired([RolloutUser.CustomerRole]));
        Assert.Contains("'boss' is not a role", Assert.Throws<InvalidOperationException>(() => From("admin,boss", false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_must_enrol_before_signing_in_and_then_signs_in_only_with_a_current_code()
    {
        var unenrolled = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        var (setup, on) = await Enrol("/api/auth", RolloutApp.AdminEmail, RolloutApp.AdminPassword);

        var withoutCode = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        var wrongCode = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, CodeFor(setup, step: 10));
        var withCode = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, CodeFor(setup));
        var recovery = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, on.RecoveryCodes[0]);
        var recoveryAgain = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, on.RecoveryCodes[0]);
        var off = await App.CreateClient().PostAsJsonAsync("/api/auth/second-factor/off", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword, code = CodeFor(setup) }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, unenrolled.StatusCode);
        Assert.Equal(SignInAtDoor.EnrolCode, (await ProblemOf(unenrolled)).Code);
        Assert.Matches(OtpAuth(), setup.AuthenticatorUri);
        Assert.Equal(ConfirmAuthenticator.RecoveryCodes, on.RecoveryCodes.Distinct().Count());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal(SignInAtDoor.CodeRequiredCode, (await ProblemOf(withoutCode)).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(SignInAtDoor.WrongFactorCode, (await ProblemOf(wrongCode)).Code);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, recoveryAgain.StatusCode); // Each recovery code opens once.
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode); // The admin role requires it.
        Assert.Equal("auth.second_factor_required_by_role", (await ProblemOf(off)).Code);
    }

    [Fact]
    public async Task Sessions_opened_with_a_password_alone_end_when_a_server_starts_requiring_a_second_factor()
    {
        string token;
        var database = App.Database;
        await StopApp(); // Its servers, one after the other, on this class's database.
        await using (var before = RolloutApp.Start(database, settings: new Dictionary<string, string> { [SecondFactorSettings.Key] = "none" }))
        {
            token = (await (await before.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct))
                .Content.ReadFromJsonAsync<Token>(Ct))!.AccessToken;
            var client = before.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/staff", Ct)).StatusCode);
        }

        await using var after = RolloutApp.Start(database, settings: new Dictionary<string, string> { [SecondFactorSettings.Key] = StaffRoles.Admin });
        var again = after.CreateClient();
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/staff", Ct)).StatusCode);
    }

    [Fact]
    public async Task Ten_wrong_codes_lock_the_account_even_between_right_passwords()
    {
        var (setup, _) = await Enrol("/api/auth", RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        for (var i = 0; i < 10; i++)
        {
            await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, "000000");
        }

        var right = await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, CodeFor(setup));

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(SignInAtDoor.LockedOutCode, (await ProblemOf(right)).Code);
    }

    [Fact]
    public async Task Turning_it_on_ends_the_sessions_opened_with_a_password_alone_and_a_stolen_password_cannot_replace_the_key()
    {
        var customer = await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "ana@test.local", password = RolloutApp.StaffPassword, name = "Ana" }, Ct);
        customer.EnsureSuccessStatusCode();
        var before = (await (await SignIn("/api/customers/token", "ana@test.local", RolloutApp.StaffPassword)).Content.ReadFromJsonAsync<Token>(Ct))!;
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", before.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me", Ct)).StatusCode);

        var (setup, _) = await Enrol("/api/customers", "ana@test.local", RolloutApp.StaffPassword);
        var replaced = await App.CreateClient().PostAsJsonAsync("/api/customers/second-factor", new { email = "ana@test.local", password = RolloutApp.StaffPassword }, Ct);
        var withCode = await SignIn("/api/customers/token", "ana@test.local", RolloutApp.StaffPassword, CodeFor(setup));
        var off = await App.CreateClient().PostAsJsonAsync("/api/customers/second-factor/off", new { email = "ana@test.local", password = RolloutApp.StaffPassword, code = CodeFor(setup) }, Ct);
        var afterOff = await SignIn("/api/customers/token", "ana@test.local", RolloutApp.StaffPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode); // A stolen password cannot replace the key: turning it off needs a code.
        Assert.Equal("auth.second_factor_on", (await ProblemOf(replaced)).Code);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, off.StatusCode); // No customer role requires it: the owner may turn it off.
        Assert.Equal(HttpStatusCode.OK, afterOff.StatusCode);
    }

    [Fact]
    public async Task An_admin_resets_a_lost_phone_and_the_member_enrols_again_in_the_console()
    {
        var (adminSetup, _) = await Enrol("/api/auth", RolloutApp.AdminEmail, RolloutApp.AdminPassword);
        var admin = App.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await (await SignIn("/api/auth/token", RolloutApp.AdminEmail, RolloutApp.AdminPassword, CodeFor(adminSetup))).Content.ReadFromJsonAsync<Token>(Ct))!.AccessToken);
        (await admin.PostAsJsonAsync("/api/staff", new { email = "boss@test.local", password = RolloutApp.StaffPassword, roles = new[] { StaffRoles.Admin } }, Ct)).EnsureSuccessStatusCode();
        await Enrol("/api/auth", "boss@test.local", RolloutApp.StaffPassword);

        var reset = await admin.DeleteAsync("/api/staff/boss@test.local/second-factor", Ct);
        var member = (await reset.Content.ReadFromJsonAsync<StaffMember>(Ct))!;
        var mustEnrol = await SignIn("/api/auth/token", "boss@test.local", RolloutApp.StaffPassword);

        // The console: the sign-in page sends the member to enrol, the page shows a QR code and a key, a code turns it on.
        var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/admin/login");
        var login = await FormPages.Post(browser, "/admin/login", token, new Dictionary<string, string> { ["email"] = "boss@test.local", ["password"] = RolloutApp.StaffPassword });
        var (page, pageToken) = await FormPages.Open(browser, login.Headers.Location!.OriginalString);
        var started = await FormPages.Post(browser, "/admin/second-factor?handler=Start", pageToken, new Dictionary<string, string> { ["email"] = "boss@test.local", ["password"] = RolloutApp.StaffPassword });
        var startedHtml = await started.Content.ReadAsStringAsync(Ct);
        var key = new AuthenticatorSetup(SharedKey().Match(startedHtml).Groups[1].Value, "");
        var proof = System.Net.WebUtility.HtmlDecode(ProofField().Match(startedHtml).Groups[1].Value);
        var wrong = await FormPages.Post(browser, "/admin/second-factor?handler=Confirm", pageToken, new Dictionary<string, string> { ["proof"] = proof, ["code"] = CodeFor(key, step: 10) });
        var confirmed = await FormPages.Post(browser, "/admin/second-factor?handler=Confirm", pageToken, new Dictionary<string, string> { ["proof"] = proof, ["code"] = CodeFor(key) });
        var forged = await FormPages.Post(browser, "/admin/second-factor?handler=Confirm", pageToken, new Dictionary<string, string> { ["proof"] = proof + "x", ["code"] = CodeFor(key) });
        var consoleLogin = await FormPages.Post(browser, "/admin/login", token, new Dictionary<string, string> { ["email"] = "boss@test.local", ["password"] = RolloutApp.StaffPassword, ["code"] = CodeFor(key) });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.False(member.SecondFactor);
        var audit = await admin.GetStringAsync("/api/audit", Ct);
        Assert.Contains("self:boss@test.local", audit, StringComparison.Ordinal); // turning it on, by the member themself
        Assert.Contains(RolloutApp.AdminEmail, audit, StringComparison.Ordinal); // the reset, by the admin
        Assert.Equal(SignInAtDoor.EnrolCode, (await ProblemOf(mustEnrol)).Code);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/admin/second-factor?email=boss%40test.local&required=true", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Your role requires a second factor", page, StringComparison.Ordinal);
        Assert.Contains("<svg", startedHtml, StringComparison.Ordinal);
        Assert.Contains("Not the code the authenticator shows now", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("The second factor is on", await confirmed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("older than ten minutes, or not from this site", await forged.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, consoleLogin.StatusCode);
        Assert.Equal("/admin", consoleLogin.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_customer_turns_two_step_sign_in_on_and_off_in_the_storefront()
    {
        (await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "lea@test.local", password = RolloutApp.StaffPassword, name = "Léa" }, Ct)).EnsureSuccessStatusCode();
        var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/fr/account");
        var signedIn = await FormPages.Post(browser, "/fr/account?handler=SignIn", token, new Dictionary<string, string> { ["email"] = "lea@test.local", ["password"] = RolloutApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var (page, pageToken) = await FormPages.Open(browser, "/fr/account/second-factor");
        var started = await (await FormPages.Post(browser, "/fr/account/second-factor?handler=Start", pageToken, new Dictionary<string, string> { ["password"] = RolloutApp.StaffPassword })).Content.ReadAsStringAsync(Ct);
        var key = new AuthenticatorSetup(SharedKey().Match(started).Groups[1].Value, "");
        var proof = System.Net.WebUtility.HtmlDecode(ProofField().Match(started).Groups[1].Value);
        var on = await (await FormPages.Post(browser, "/fr/account/second-factor?handler=Confirm", pageToken, new Dictionary<string, string> { ["proof"] = proof, ["code"] = CodeFor(key) })).Content.ReadAsStringAsync(Ct);
        var afterOn = await browser.GetAsync("/fr/account/second-factor", Ct); // Turning it on ended this session too.
        var withoutCode = await SignIn("/api/customers/token", "lea@test.local", RolloutApp.StaffPassword);

        var again = FormPages.Client(App);
        var (_, againToken) = await FormPages.Open(again, "/fr/account");
        var withCode = await FormPages.Post(again, "/fr/account?handler=SignIn", againToken, new Dictionary<string, string> { ["email"] = "lea@test.local", ["password"] = RolloutApp.StaffPassword, ["code"] = CodeFor(key) });
        var (offPage, offToken) = await FormPages.Open(again, "/fr/account/second-factor");
        var off = await (await FormPages.Post(again, "/fr/account/second-factor?handler=Off", offToken, new Dictionary<string, string> { ["password"] = RolloutApp.StaffPassword, ["code"] = CodeFor(key) })).Content.ReadAsStringAsync(Ct);

        Assert.Contains("Connexion en deux étapes", page, StringComparison.Ordinal);
        Assert.Contains("<svg", started, StringComparison.Ordinal);
        Assert.Contains("La connexion en deux étapes est activée. Gardez ces codes", on, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterOn.StatusCode);
        Assert.Equal(SignInAtDoor.CodeRequiredCode, (await ProblemOf(withoutCode)).Code);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Contains("Désactiver", offPage, StringComparison.Ordinal);
        Assert.Contains("La connexion en deux étapes est désactivée.", off, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SignIn("/api/customers/token", "lea@test.local", RolloutApp.StaffPassword)).StatusCode);
    }

    [GeneratedRegex("^otpauth://totp/Rollout%3Aadmin%40test.local\\?secret=[A-Z2-7]+&issuer=Rollout&digits=6$")]
    private static partial Regex OtpAuth();

    [GeneratedRegex("<code id=\"shared-key\">([a-z2-7 ]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("name=\"proof\" value=\"([^\"]+)\"")]
    private static partial Regex ProofField();
}

public sealed class SqliteSecondFactorTests() : SecondFactorTests(StorageProvider.Sqlite);

public sealed class PostgresSecondFactorTests() : SecondFactorTests(StorageProvider.Postgres);
