using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;
using Rollout.Tests.Security;

namespace Rollout.Tests.Identity;

/// <summary>
/// A customer who forgot their password asks for a link (the same answer for any address; staff never get one), the
/// link comes through the outbox, and the new password replaces the old and ends every session. Limited per client
/// address and per e-mail address.
/// </summary>
public abstract class PasswordResetTests(StorageProvider provider) : ProviderTest(provider)
{
    private const string Password = "Customer-Pass-1";
    private const string NewPassword = "lantern orchard velvet";
    private const string Site = "https://shop.example.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:PublicUrl"] = Site,
        ["Rollout:Limits:PasswordResetsPerHour"] = "3",
        ["Rollout:Limits:PasswordResetsPerAccountPerHour"] = "2",
    };

    private sealed record Tokens(string AccessToken, string RefreshToken);

    private sealed record Accepted(string Message);

    private sealed record Problem(int Status, string Code, string Detail, Dictionary<string, string[]>? Errors);

    private async Task<Tokens> Register(string email)
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/customers", new { email, password = Password, name = "Ana" }, Ct)).StatusCode);
        return await SignIn(email, Password) ?? throw new InvalidOperationException("The new customer cannot sign in.");
    }

    private async Task<Tokens?> SignIn(string email, string password)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/customers/token", new { email, password }, Ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<Tokens>(Ct) : null;
    }

    private static Task<HttpResponseMessage> AskForReset(HttpClient client, string email, string? market = "FR") =>
        client.PostAsJsonAsync("/api/customers/password-reset", new { email, market }, Ct);

    private Task<HttpResponseMessage> Reset(string email, string token, string newPassword) =>
        App.CreateClient().PostAsJsonAsync("/api/customers/password-reset/confirm", new { email, token, newPassword }, Ct);

    [Fact]
    public async Task A_customer_chooses_a_new_password_with_the_link_from_the_outbox_and_every_session_ends()
    {
        var before = await Register("ana@example.es");
        using var asker = App.CreateClient();
        asker.DefaultRequestHeaders.Host = "evil.example"; // Whoever asks chooses the Host header: the link must not follow it.

        var asked = await AskForReset(asker, "ana@example.es");
        var mail = Assert.Single(await Mailbox.To(App, "ana@example.es", AccountMail.ResetTopic));
        var (link, email, token) = Mailbox.LinkIn(mail);
        var tooShort = await (await Reset(email, token, "short")).Content.ReadFromJsonAsync<Problem>(Ct);
        var reset = await Reset(email, token, NewPassword);
        using var signedIn = App.CreateClient();
        signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", before.AccessToken);
        var oldToken = await signedIn.GetAsync("/api/me", Ct);
        var oldRefresh = await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = before.RefreshToken }, Ct);
        var again = await (await Reset(email, token, "another long passphrase")).Content.ReadFromJsonAsync<Problem>(Ct);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal("Choisissez un nouveau mot de passe", mail.Subject); // The storefront asked for: France.
        Assert.Equal($"{Site}/fr/account/password-reset", link.GetLeftPart(UriPartial.Path));
        Assert.Equal("ana@example.es", email);
        Assert.Equal(400, tooShort!.Status);
        Assert.NotEmpty(tooShort.Errors!["newPassword"]); // The password's rule, named; the link still works after.
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldRefresh.StatusCode);
        Assert.Null(await SignIn("ana@example.es", Password));
        Assert.NotNull(await SignIn("ana@example.es", NewPassword));
        Assert.Equal((400, ResetPassword.BadLinkCode), (again!.Status, again.Code)); // The new password's security stamp ended the link.
        Assert.True(again.Errors!.ContainsKey("token"));
    }

    [Fact]
    public async Task Asking_answers_the_same_for_a_customer_an_unknown_address_and_a_staff_account_and_mails_only_the_customer()
    {
        await Register("ana@example.es");
        using var client = App.CreateClient();

        var answers = new List<(HttpStatusCode, Accepted?)>();
        foreach (var email in (string[])["ana@example.es", "nobody@example.es", RolloutApp.AdminEmail])
        {
            var response = await AskForReset(client, email, market: null);
            answers.Add((response.StatusCode, await response.Content.ReadFromJsonAsync<Accepted>(Ct)));
        }

        var staffReset = await (await Reset(RolloutApp.AdminEmail, "made-up-token", NewPassword)).Content.ReadFromJsonAsync<Problem>(Ct);
        var unknownReset = await (await Reset("nobody@example.es", "made-up-token", NewPassword)).Content.ReadFromJsonAsync<Problem>(Ct);

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Accepted, RequestPasswordReset.Accepted.Message), (a.Item1, a.Item2?.Message)));
        Assert.Single(await Mailbox.To(App, "ana@example.es", AccountMail.ResetTopic));
        Assert.Empty(await Mailbox.To(App, "nobody@example.es", AccountMail.ResetTopic));
        Assert.Empty(await Mailbox.To(App, RolloutApp.AdminEmail, AccountMail.ResetTopic));
        Assert.Equal(unknownReset, staffReset! with { Errors = unknownReset!.Errors }); // The same code, status and words.
        Assert.NotNull(await App.SignedIn(RolloutApp.AdminEmail, RolloutApp.AdminPassword)); // The admin's password is untouched.
    }

    [Fact]
    public async Task Asking_beyond_the_limit_of_an_e_mail_or_of_an_address_is_a_problem_with_Retry_After()
    {
        var forAna = new[] { await AskForReset(App.ClientFrom("198.51.100.1"), "ana@example.es"), await AskForReset(App.ClientFrom("198.51.100.2"), "ana@example.es") };
        var anaAgain = await LimitProblem.Of(await AskForReset(App.ClientFrom("198.51.100.3"), "ana@example.es"));
        using var crowded = App.ClientFrom("203.0.113.9");
        var fromOneAddress = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            fromOneAddress.Add((await AskForReset(crowded, $"someone{i}@example.es")).StatusCode);
        }

        var addressAgain = await LimitProblem.Of(await AskForReset(crowded, "luc@example.fr"));

        Assert.All(forAna, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(("password-resets-account", 1800), (anaAgain.Limit, anaAgain.RetryAfter)); // 2 an hour: one every 30 minutes.
        Assert.Contains("for one account", anaAgain.Detail, StringComparison.Ordinal);
        Assert.All(fromOneAddress, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(("password-resets", "Too many password reset requests.", 1200), (addressAgain.Limit, addressAgain.Title, addressAgain.RetryAfter));
    }

    [Fact]
    public async Task The_storefront_links_sign_in_to_the_request_form_and_the_mailed_link_opens_the_form_that_resets()
    {
        await Register("ana@example.es");
        using var browser = FormClient.For(App);

        var account = await (await browser.Get("/es/account")).Content.ReadAsStringAsync(Ct);
        var asked = await browser.PostForm("/es/account/password-reset", new Dictionary<string, string> { ["email"] = "ana@example.es" }, handler: "Request");
        var askedPage = await asked.Content.ReadAsStringAsync(Ct);
        var (link, email, token) = Mailbox.LinkIn(Assert.Single(await Mailbox.To(App, "ana@example.es", AccountMail.ResetTopic)));
        var form = await (await browser.Get(link.PathAndQuery)).Content.ReadAsStringAsync(Ct);
        var done = await browser.PostForm("/es/account/password-reset", new Dictionary<string, string> { ["email"] = email, ["token"] = token, ["newPassword"] = NewPassword }, handler: "Reset");

        Assert.Contains("href=\"/es/account/password-reset\"", account, StringComparison.Ordinal);
        Assert.Contains("¿Has olvidado tu contraseña?", account, StringComparison.Ordinal);
        Assert.Contains("le llega un enlace", askedPage, StringComparison.Ordinal);
        Assert.Equal("Elige una contraseña nueva", (await Mailbox.To(App, "ana@example.es", AccountMail.ResetTopic))[0].Subject);
        Assert.Contains("name=\"newPassword\"", form, StringComparison.Ordinal);
        Assert.Contains("Tu contraseña ha cambiado", await done.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull(await SignIn("ana@example.es", NewPassword));
    }
}

public sealed class SqlitePasswordResetTests() : PasswordResetTests(StorageProvider.Sqlite);

public sealed class PostgresPasswordResetTests() : PasswordResetTests(StorageProvider.Postgres);
