using System.Net;
using Microsoft.Extensions.Configuration;
using Rollout.Server.Http;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: cookies say SameSite, are Secure over HTTPS, and when the server is HTTPS only they are Secure always and
/// carry the <c>__Host-</c> prefix; HSTS is sent on HTTPS answers (docs/decisions/0013-https-and-cookies.md).
/// </summary>
public abstract class CookieTests(bool httpsOnly) : ProviderTest(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string Prefix => httpsOnly ? SiteCookies.HostPrefix : "";

    /// <summary>Signs in to the console and as a customer in the storefront, and opens a cart: the cookies all of that sets.</summary>
    private protected async Task<FormClient> Browse(string baseAddress)
    {
        App.ClientOptions.BaseAddress = new Uri("https://localhost"); // The API calls of the set-up, as an HTTPS-only server wants them.
        await MadridWith(3);
        var browser = FormClient.For(App, baseAddress);
        await browser.SignInToConsole();
        var customer = FormClient.For(App, baseAddress);
        var registered = await customer.PostForm("/es/account", new Dictionary<string, string> { ["name"] = "Ana García", ["email"] = "ana@example.es", ["password"] = "Customer-Pass-1" }, "Register");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var added = await customer.PostForm("/es/p/nova-8-pro", new Dictionary<string, string> { ["sku"] = "NOVA8P-BLK-256", ["quantity"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        browser.SetCookies.AddRange(customer.SetCookies);
        return browser;
    }

    protected static void AssertAttributes(string setCookie, bool secure, string sameSite)
    {
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("path=/", attributes);
        Assert.Contains($"samesite={sameSite}", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_cookie_states_its_SameSite_is_Secure_over_HTTPS_and_is_named_for_the_server()
    {
        using var browser = await Browse("https://shop.example");

        AssertAttributes(browser.SetCookie(Prefix + SiteCookies.SignIn), secure: true, "lax");
        AssertAttributes(browser.SetCookie(Prefix + SiteCookies.Antiforgery), secure: true, "strict");
        AssertAttributes(browser.SetCookie(Prefix + "cart-es"), secure: true, "lax");
        Assert.All(browser.SetCookies, c => Assert.StartsWith(Prefix, c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HSTS_is_sent_on_HTTPS_answers_only()
    {
        using var secure = FormClient.For(App, "https://shop.example");
        using var plain = FormClient.For(App, "http://shop.example");

        var https = await secure.Get("/es");
        var api = await secure.Get("/api/markets");
        var http = await plain.Get("/es");

        Assert.Equal("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("max-age=31536000", api.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>A server on plain HTTP (as <c>dotnet run</c> on localhost): cookies keep their names, Secure only over HTTPS.</summary>
public sealed class PlainHttpCookieTests() : CookieTests(httpsOnly: false)
{
    [Fact]
    public async Task Over_plain_HTTP_cookies_work_without_Secure()
    {
        using var browser = await Browse("http://localhost");

        AssertAttributes(browser.SetCookie(SiteCookies.SignIn), secure: false, "lax");
        AssertAttributes(browser.SetCookie(SiteCookies.Antiforgery), secure: false, "strict");
        AssertAttributes(browser.SetCookie("cart-es"), secure: false, "lax");
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/admin/markets")).StatusCode); // still signed in
    }
}

/// <summary>A server with an HTTPS endpoint of its own (Kestrel:Endpoints:Https): every cookie Secure and __Host- prefixed.</summary>
public sealed class HttpsOnlyCookieTests() : CookieTests(httpsOnly: true)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:8443",
        ["https_port"] = "8443", // Kestrel would tell; the in-memory test server listens nowhere.
    };

    [Fact]
    public async Task A_plain_HTTP_request_is_sent_to_HTTPS_before_any_cookie_is_set()
    {
        using var browser = FormClient.For(App, "http://shop.example");

        var response = await browser.Get("/admin/login?returnUrl=%2Fadmin");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://shop.example:8443/admin/login?returnUrl=%2Fadmin"), response.Headers.Location);
        Assert.Empty(browser.SetCookies);
    }

    [Fact]
    public async Task A_health_probe_is_answered_over_plain_HTTP()
    {
        using var probe = FormClient.For(App, "http://10.0.0.2");

        var live = await probe.Get("/health/live");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

/// <summary>Which configurations count as HTTPS only.</summary>
public sealed class HttpsOnlySettingTests
{
    private static bool HttpsOnly(params (string Key, string Value)[] settings) =>
        SiteCookies.IsHttpsOnly(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void A_server_is_HTTPS_only_when_it_listens_on_https_or_is_told_so()
    {
        Assert.False(HttpsOnly());
        Assert.False(HttpsOnly(("urls", "http://localhost:5080")));
        Assert.True(HttpsOnly(("urls", "http://localhost:5080;https://localhost:5443")));
        Assert.True(HttpsOnly(("https_ports", "443")));
        Assert.True(HttpsOnly(("Kestrel:Endpoints:Https:Url", "https://0.0.0.0:443")));
        Assert.False(HttpsOnly(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:80")));
        Assert.True(HttpsOnly(("urls", "http://127.0.0.1:8080"), ("Rollout:HttpsOnly", "true"))); // behind a proxy that ends TLS
        Assert.False(HttpsOnly(("urls", "https://localhost:5443"), ("Rollout:HttpsOnly", "false")));
        Assert.Throws<InvalidOperationException>(() => HttpsOnly(("Rollout:HttpsOnly", "yes")));
    }
}

/// <summary>A developer's machine: no HSTS even over HTTPS, so a local certificate never pins a browser to HTTPS.</summary>
public sealed class DevelopmentHstsTests() : ProviderTest(StorageProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["environment"] = "Development" };

    [Fact]
    public async Task In_Development_no_answer_carries_HSTS()
    {
        using var secure = FormClient.For(App, "https://shop.example");

        var page = await secure.Get("/es");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
