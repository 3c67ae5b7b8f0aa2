using System.Net;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14, abuse limits: sign-in is counted per client address and per account (the e-mail tried), registration per
/// address; beyond a limit the API answers 429 as a problem and a browser gets a page, both with Retry-After.
/// </summary>
public abstract class SignInLimitTests(StorageProvider provider) : ProviderTest(provider)
{
    private const string Password = "Customer-Pass-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:Limits:SignInPerMinute"] = "3",
        ["Rollout:Limits:SignInPerAccountPerMinute"] = "2",
        ["Rollout:Limits:RegistrationsPerHour"] = "2",
    };

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password = "Wrong-Pass-123") =>
        client.PostAsJsonAsync("/api/auth/token", new { email, password }, Ct);

    private static Task<HttpResponseMessage> Register(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/customers", new { email, password = Password, name = "Ana" }, Ct);

    [Fact]
    public async Task Sign_in_beyond_the_limit_of_an_address_is_a_problem_with_Retry_After_while_another_address_signs_in()
    {
        using var crowded = App.ClientFrom("203.0.113.1");
        using var other = App.ClientFrom("203.0.113.2");

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add((await SignIn(crowded, $"nobody{i}@example.es")).StatusCode);
        }

        var refused = await LimitProblem.Of(await SignIn(crowded, RolloutApp.AdminEmail, RolloutApp.AdminPassword));
        var elsewhere = await SignIn(other, RolloutApp.AdminEmail, RolloutApp.AdminPassword);

        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(("sign-in", "Too many sign-in attempts.", 20), (refused.Limit, refused.Title, refused.RetryAfter)); // A bucket of 3 a minute refills every 20 s.
        Assert.Contains("from one address", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Sign_in_beyond_the_limit_of_an_account_is_refused_from_any_address_while_another_account_goes_on()
    {
        var first = await SignIn(App.ClientFrom("198.51.100.1"), RolloutApp.AdminEmail);
        var second = await SignIn(App.ClientFrom("198.51.100.2"), RolloutApp.AdminEmail);
        using var third = App.ClientFrom("198.51.100.3");

        var refused = await LimitProblem.Of(await SignIn(third, RolloutApp.AdminEmail, RolloutApp.AdminPassword));
        var anotherAccount = await SignIn(third, "eva@example.es");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (first.StatusCode, second.StatusCode));
        Assert.Equal(("sign-in-account", 30), (refused.Limit, refused.RetryAfter));
        Assert.Contains("for one account", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anotherAccount.StatusCode);
    }

    [Fact]
    public async Task Registration_beyond_the_limit_of_an_address_is_refused_for_half_an_hour_while_another_address_registers()
    {
        using var crowded = App.ClientFrom("203.0.113.3");

        var registered = new[] { await Register(crowded, "ana@example.es"), await Register(crowded, "eva@example.es") };
        var refused = await LimitProblem.Of(await Register(crowded, "luc@example.fr"));
        var elsewhere = await Register(App.ClientFrom("203.0.113.4"), "luc@example.fr");

        Assert.All(registered, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(("registrations", "Too many new accounts.", 1800), (refused.Limit, refused.Title, refused.RetryAfter)); // 2 an hour: one every 30 minutes.
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task The_storefront_form_and_the_API_spend_one_registration_budget_and_viewing_the_page_costs_nothing()
    {
        using var browser = App.ClientFrom("203.0.113.5", followRedirects: false);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/es/account", Ct)).StatusCode);
        }

        var byForm = await Forms.Post(browser, "/es/account", "/es/account?handler=Register", ("email", "ana@example.es"), ("password", Password), ("name", "Ana"));
        var byApi = await Register(browser, "eva@example.es");
        var refused = await LimitProblem.Of(await Register(browser, "luc@example.fr"));

        Assert.Equal((HttpStatusCode.Redirect, "/es/account"), (byForm.StatusCode, byForm.Headers.Location?.OriginalString)); // Registered and signed in.
        Assert.Equal(HttpStatusCode.Created, byApi.StatusCode);
        Assert.Equal("registrations", refused.Limit);
    }

    [Fact]
    public async Task A_refused_sign_in_form_shows_a_page_that_names_the_limit_and_when_to_try_again()
    {
        using var browser = App.ClientFrom("203.0.113.6");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await Forms.Post(browser, "/admin/login", "/admin/login", ("email", $"nobody{i}@example.es"), ("password", "Wrong-Pass-123")));
        }

        var page = await answers[3].Content.ReadAsStringAsync(Ct);
        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.Equal("text/html", answers[3].Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(20), answers[3].Headers.RetryAfter?.Delta);
        Assert.Contains("Too many sign-in attempts.", page[page.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("try again in 20 seconds", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storefront_sign_in_over_the_limit_of_its_account_shows_the_page_too()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var browser = App.ClientFrom($"192.0.2.{i + 1}");
            answers.Add(await Forms.Post(browser, "/es/account", "/es/account?handler=SignIn", ("email", "ana@example.es"), ("password", "Wrong-Pass-123")));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].StatusCode);
        Assert.NotNull(answers[2].Headers.RetryAfter?.Delta);
        Assert.Contains("for one account", await answers[2].Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

public sealed class SqliteSignInLimitTests() : SignInLimitTests(StorageProvider.Sqlite);

public sealed class PostgresSignInLimitTests() : SignInLimitTests(StorageProvider.Postgres);
