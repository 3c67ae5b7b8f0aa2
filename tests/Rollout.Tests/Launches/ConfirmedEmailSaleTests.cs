using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Launches;
using Rollout.Storage;
using Rollout.Tests.Security;

namespace Rollout.Tests.Launches;

/// <summary>
/// A flash sale may admit only customers who confirmed their e-mail address (against scalpers' throwaway accounts):
/// the others are refused where they enter it with a 403 problem naming the rule, and admitted once they followed the
/// link that registration mailed them.
/// </summary>
public abstract class ConfirmedEmailSaleTests(StorageProvider provider) : ProviderTest(provider)
{
    private const string Password = "Customer-Pass-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Tokens(string AccessToken);

    private sealed record Problem(int Status, string Code, string Detail, Dictionary<string, string[]>? Errors);

    private sealed record Sale(string Code, bool RequiresConfirmedEmail);

    private sealed record Me(string Email, bool EmailConfirmed);

    private sealed record Confirmed(string Email, bool EmailConfirmed);

    private sealed record LinkRequested(string Email, bool EmailConfirmed, bool Sent);

    private sealed record Room(bool Registered, bool EmailConfirmationRequired, bool InRoom);

    private sealed record Claim(string Outcome);

    /// <summary>A customer registered through the API (with <paramref name="market"/> for the link) and signed in.</summary>
    private async Task<HttpClient> Customer(string email, string? market = null)
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/customers", new { email, password = Password, name = "Ana", market }, Ct)).StatusCode);
        return await SignedIn(email);
    }

    /// <summary>A new sign-in of a customer (a bearer token lasts an hour).</summary>
    private async Task<HttpClient> SignedIn(string email)
    {
        var client = App.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/customers/token", new { email, password = Password }, Ct)).Content.ReadFromJsonAsync<Tokens>(Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        return client;
    }

    [Fact]
    public async Task A_sale_refuses_a_customer_without_a_confirmed_e_mail_and_admits_them_after_they_follow_the_link_from_the_outbox()
    {
        await LaunchNight.Create(App, requiresConfirmedEmail: true);
        var ana = await Customer("ana@example.es", market: "ES");
        var sale = $"/api/sales/{LaunchNight.Sale}";

        var sales = await App.CreateClient().GetFromJsonAsync<List<Sale>>($"/api/launches/{LaunchNight.Launch}/sales", Ct);
        var registerRefused = await ana.PostAsync($"{sale}/registrations", null, Ct);
        var registerProblem = await registerRefused.Content.ReadFromJsonAsync<Problem>(Ct);
        var joinProblem = await (await ana.PostAsync($"{sale}/room", null, Ct)).Content.ReadFromJsonAsync<Problem>(Ct);
        var before = await ana.GetFromJsonAsync<Me>("/api/me", Ct);
        var mail = Assert.Single(await Mailbox.To(App, "ana@example.es", AccountMail.ConfirmationTopic));
        var (link, email, token) = Mailbox.LinkIn(mail);
        var confirmed = await App.CreateClient().PostAsJsonAsync("/api/customers/email-confirmation", new { email, token }, Ct);
        var after = await ana.GetFromJsonAsync<Me>("/api/me", Ct);
        var registered = await ana.PostAsync($"{sale}/registrations", null, Ct); // The same token: issued before the confirmation.
        var room = await (await ana.PostAsync($"{sale}/room", null, Ct)).Content.ReadFromJsonAsync<Room>(Ct);
        App.Clock.Advance(TimeSpan.FromHours(2)); // The opening.
        using var atTheOpening = await SignedIn("ana@example.es");
        var claimed = await Shop.PostKeyed(atTheOpening, $"{sale}/claims", new { });
        var claim = await claimed.Content.ReadFromJsonAsync<Claim>(Ct);

        Assert.True(Assert.Single(sales!).RequiresConfirmedEmail);
        Assert.Equal(HttpStatusCode.Forbidden, registerRefused.StatusCode);
        Assert.Equal("application/problem+json", registerRefused.Content.Headers.ContentType?.MediaType);
        Assert.Equal((403, ConfirmedEmail.Code), (registerProblem!.Status, registerProblem.Code));
        Assert.Contains("confirmed their e-mail address", registerProblem.Detail, StringComparison.Ordinal);
        Assert.Equal((403, ConfirmedEmail.Code), (joinProblem!.Status, joinProblem.Code));
        Assert.Equal(new Me("ana@example.es", false), before);
        Assert.Equal("Confirma tu correo electrónico", mail.Subject);
        Assert.Equal("/es/account/confirm-email", link.AbsolutePath);
        Assert.Equal(new Confirmed("ana@example.es", true), await confirmed.Content.ReadFromJsonAsync<Confirmed>(Ct));
        Assert.Equal(new Me("ana@example.es", true), after);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(new Room(true, true, true), room);
        Assert.Equal("won", claim!.Outcome);
    }

    [Fact]
    public async Task A_customer_who_joins_only_at_the_opening_is_refused_at_the_claim_and_a_sale_without_the_rule_admits_them()
    {
        await LaunchNight.Create(App, requiresConfirmedEmail: true);
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 1 }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/launches/{LaunchNight.Launch}/sales", new
        {
            code = "es-night-open", sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 1, price = 499m,
            opensAt = Later(2), closesAt = Later(4),
        }, Ct)).EnsureSuccessStatusCode();
        var luis = App.Customer("luis"); // A customer whose address was never confirmed.
        App.Clock.Advance(TimeSpan.FromHours(2));

        var refused = await Shop.PostKeyed(luis, $"/api/sales/{LaunchNight.Sale}/claims", new { });
        var elsewhere = await (await Shop.PostKeyed(luis, "/api/sales/es-night-open/claims", new { })).Content.ReadFromJsonAsync<Claim>(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ConfirmedEmail.Code, (await refused.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);
        Assert.Equal("won", elsewhere!.Outcome);
    }

    [Fact]
    public async Task A_customer_asks_for_a_new_link_in_another_market_and_a_wrong_token_or_market_is_a_problem_naming_the_field()
    {
        var ana = await Customer("ana@example.es");

        var sent = await ana.PostAsJsonAsync("/api/me/email-confirmation", new { market = "IT" }, Ct);
        var badMarket = await (await ana.PostAsJsonAsync("/api/me/email-confirmation", new { market = "XX" }, Ct)).Content.ReadFromJsonAsync<Problem>(Ct);
        var mails = await Mailbox.To(App, "ana@example.es", AccountMail.ConfirmationTopic);
        var (link, email, _) = Mailbox.LinkIn(mails[^1]);
        var wrong = await (await App.CreateClient().PostAsJsonAsync("/api/customers/email-confirmation", new { email, token = "not-the-token" }, Ct)).Content.ReadFromJsonAsync<Problem>(Ct);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(new LinkRequested("ana@example.es", false, true), await sent.Content.ReadFromJsonAsync<LinkRequested>(Ct));
        Assert.True(badMarket!.Errors!.ContainsKey("market"));
        Assert.Equal(2, mails.Count); // At registration, and now.
        Assert.Equal("Conferma il tuo indirizzo e-mail", mails[^1].Subject);
        Assert.Equal("/it/account/confirm-email", link.AbsolutePath);
        Assert.Equal((400, ConfirmEmail.BadLinkCode), (wrong!.Status, wrong.Code));
        Assert.True(wrong.Errors!.ContainsKey("token"));
    }

    [Fact]
    public async Task The_launch_page_says_the_sale_needs_a_confirmed_e_mail_until_the_link_is_opened_and_the_account_page_offers_a_new_link()
    {
        await LaunchNight.Create(App, requiresConfirmedEmail: true);
        using var browser = FormClient.For(App);
        var registered = await browser.PostForm("/es/account", new Dictionary<string, string> { ["email"] = "eva@example.es", ["password"] = Password, ["name"] = "Eva" }, handler: "Register");

        var account = await (await browser.Get("/es/account")).Content.ReadAsStringAsync(Ct);
        var launch = await (await browser.Get($"/es/launches/{LaunchNight.Launch}")).Content.ReadAsStringAsync(Ct);
        var refused = await (await browser.PostForm($"/es/launches/{LaunchNight.Launch}", new Dictionary<string, string> { ["sale"] = LaunchNight.Sale }, handler: "Register", tokenFrom: "/es/account")).Content.ReadAsStringAsync(Ct);
        var (link, _, _) = Mailbox.LinkIn(Assert.Single(await Mailbox.To(App, "eva@example.es", AccountMail.ConfirmationTopic)));
        var confirmation = await (await FormClient.For(App).Get(link.PathAndQuery)).Content.ReadAsStringAsync(Ct); // Opened on another device.
        var launchAfter = await (await browser.Get($"/es/launches/{LaunchNight.Launch}")).Content.ReadAsStringAsync(Ct);
        var bad = await (await browser.Get("/es/account/confirm-email?email=eva%40example.es&token=wrong")).Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("Confirma tu correo electrónico: abre el enlace que enviamos a", account, StringComparison.Ordinal);
        Assert.Contains("Enviar el enlace de nuevo", account, StringComparison.Ordinal);
        Assert.Contains("email-required", launch, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Register", launch, StringComparison.Ordinal);
        Assert.Contains("Esta venta es solo para clientes que han confirmado su correo electrónico", refused, StringComparison.Ordinal);
        Assert.Contains("Tu correo electrónico está confirmado", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("email-required", launchAfter, StringComparison.Ordinal);
        Assert.Contains("handler=Register", launchAfter, StringComparison.Ordinal);
        Assert.Contains("no es válido o ha caducado", bad, StringComparison.Ordinal);
    }

    /// <summary>A local time in Madrid <paramref name="hours"/> after the test clock's now, as the API takes it.</summary>
    private string Later(int hours) =>
        NodaTime.Instant.FromDateTimeOffset(App.Clock.GetUtcNow()).InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Madrid"]).LocalDateTime.PlusHours(hours)
            .ToString("uuuu-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteConfirmedEmailSaleTests() : ConfirmedEmailSaleTests(StorageProvider.Sqlite);

public sealed class PostgresConfirmedEmailSaleTests() : ConfirmedEmailSaleTests(StorageProvider.Postgres);
