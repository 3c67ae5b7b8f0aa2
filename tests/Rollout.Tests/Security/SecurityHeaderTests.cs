using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: every answer tells the browser not to sniff types, not to be framed, and what to send as referrer; pages
/// run scripts from the site only (inline only with the request's nonce).
/// </summary>
public sealed partial class SecurityHeaderTests() : ProviderTest(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Rollout:Limits:PublicLookupsPerMinute"] = "1" };

    private static void AssertSafe(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{what}: no nosniff");
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "strict-origin-when-cross-origin", $"{what}: no Referrer-Policy");
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp.Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frames) && frames.Single() == "DENY", $"{what}: no X-Frame-Options");
    }

    private static string Policy(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();

    [Fact]
    public async Task Pages_the_API_static_files_and_errors_all_carry_the_headers()
    {
        var client = App.CreateClient();
        var customer = App.Customer("ana");
        var malformed = new StringContent("{\"email\": ", Encoding.UTF8, "application/json");
        var imei = Shop.NewImei();

        var answers = new (string What, HttpResponseMessage Response, HttpStatusCode Status)[]
        {
            ("a page", await client.GetAsync("/es", Ct), HttpStatusCode.OK),
            ("the API", await client.GetAsync("/api/markets", Ct), HttpStatusCode.OK),
            ("the OpenAPI document", await client.GetAsync("/openapi/v1.json", Ct), HttpStatusCode.OK),
            ("a static file", await client.GetAsync("/site.css", Ct), HttpStatusCode.OK),
            ("a missing page", await client.GetAsync("/es/nothing/here", Ct), HttpStatusCode.NotFound),
            ("a missing API route", await client.GetAsync("/api/nothing", Ct), HttpStatusCode.NotFound),
            ("an API call without a token", await client.GetAsync("/api/stock", Ct), HttpStatusCode.Unauthorized),
            ("an API call with the wrong role", await customer.GetAsync("/api/stock", Ct), HttpStatusCode.Forbidden),
            ("malformed JSON, answered by the exception handler", await client.PostAsync("/api/auth/token", malformed, Ct), HttpStatusCode.BadRequest),
            ("the first public lookup", await client.GetAsync($"/api/warranty/{imei}", Ct), HttpStatusCode.NotFound),
            ("a lookup over the limit", await client.GetAsync($"/api/warranty/{imei}", Ct), HttpStatusCode.TooManyRequests),
        };

        foreach (var (what, response, status) in answers)
        {
            Assert.Equal(status, response.StatusCode);
            AssertSafe(response, what);
        }
    }

    [Fact]
    public async Task Pages_run_scripts_from_the_site_only_and_inline_ones_only_with_a_new_nonce_each_time()
    {
        var first = Policy(await App.CreateClient().GetAsync("/es", Ct));
        var second = Policy(await App.CreateClient().GetAsync("/es", Ct));

        var nonce = NonceIn(first);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", nonce); // 16 random bytes, base64url
        Assert.NotEqual(nonce, NonceIn(second));
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", first, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", first, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", first, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", first, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_answers_with_a_policy_that_allows_nothing()
    {
        var policy = Policy(await App.CreateClient().GetAsync("/api/markets", Ct));

        Assert.Equal("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task The_API_reference_runs_only_the_scripts_that_carry_its_nonce()
    {
        var response = await App.CreateClient().GetAsync("/api/reference/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var nonce = NonceIn(Policy(response));

        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal));
        // Scalar draws with inline styles, so its page (and only its page) allows them.
        Assert.Contains("style-src 'self' 'unsafe-inline'", Policy(response), StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
    }

    /// <summary>Every page as served: a script is a file of the site or carries the nonce; no style element or attribute, no on… handler.</summary>
    [Fact]
    public async Task No_page_has_an_inline_script_style_or_event_handler()
    {
        await LaunchNight.Create(App);
        using var browser = FormClient.For(App);
        await browser.SignInToConsole();
        string[] pages =
        [
            "/", "/es", "/es?channel=es-online", "/es/p/nova-8-pro", "/es/cart", "/es/checkout", "/es/account", "/es/devices", "/es/help",
            "/fr", $"/es/launches/{LaunchNight.Launch}", "/gb", "/status/404",
            "/admin", "/admin/markets", "/admin/catalog", "/admin/pricing?market=ES", "/admin/stock", "/admin/orders", "/admin/launches",
            $"/admin/launches/{LaunchNight.Sale}", $"/admin/launches/{LaunchNight.Sale}?handler=Panel", "/admin/partners", "/admin/support",
        ];

        foreach (var path in pages)
        {
            var response = await browser.Get(path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync(Ct);
            var nonce = NonceIn(Policy(response));
            var inline = ScriptTag().Matches(html).Select(m => m.Value).Where(tag => !tag.Contains(" src=", StringComparison.Ordinal) && !tag.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal));
            Assert.Empty(inline);
            Assert.DoesNotMatch(StyleElement(), html);
            Assert.DoesNotMatch(StyleAttribute(), html);
            Assert.DoesNotMatch(EventHandler(), html);
        }
    }

    [Fact]
    public void The_checks_of_the_page_scan_find_what_they_look_for()
    {
        // The patterns the scan above relies on, so that it cannot pass by matching nothing.
        Assert.Matches(StyleAttribute(), "<span style=\"width:40%\">");
        Assert.Matches(EventHandler(), "<select name=\"m\" onchange=\"this.form.submit()\">");
        Assert.Matches(StyleElement(), "<style>body{}</style>");
        Assert.Single(ScriptTag().Matches("<p>x</p><script>alert(1)</script>"));
    }

    private static string NonceIn(string policy) => Nonce().Match(policy) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No nonce in {policy}");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<style\\b", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();

    [GeneratedRegex("<[a-z][^>]*\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
