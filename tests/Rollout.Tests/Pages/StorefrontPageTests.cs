using System.Net;
using Rollout.Storage;

namespace Rollout.Tests.Pages;

public sealed class StorefrontPageTests() : ProviderTest(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> Page(string path)
    {
        var response = await App.CreateClient().GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Spain_shows_what_is_on_sale_now_in_Spanish_with_its_stores()
    {
        var html = await Page("/es");

        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("A la venta <small>España</small>", html, StringComparison.Ordinal);
        Assert.Contains("Lumio Nova 8 Pro", html, StringComparison.Ordinal);
        Assert.Contains("Lumio Robot Vacuum S1", html, StringComparison.Ordinal);
        Assert.Contains("Gran Vía 32, 28013 Madrid", html, StringComparison.Ordinal);
        Assert.Contains("<dt>main camera</dt><dd>200 MP</dd>", html, StringComparison.Ordinal);
        Assert.Matches(@"<strong class=""price"">\d{3},\d\d\s€</strong>", html);
        Assert.Contains("IVA incluido", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task France_says_coming_soon_in_French_with_the_opening_in_Paris_time_until_it_opens()
    {
        var before = await Page("/fr");
        var opens = TestClock.NextYearly(5, 22, 10, "Europe/Paris").ToDateTimeOffset();
        App.Clock.SetUtcNow(opens);
        var after = await Page("/fr");

        Assert.Contains("Bientôt disponible", before, StringComparison.Ordinal);
        Assert.Contains($" 22 mai {opens.Year}, 10:00 (Europe/Paris, UTC+02:00)", before, StringComparison.Ordinal);
        Assert.DoesNotContain("Lumio Nova 8 Pro", before, StringComparison.Ordinal);
        Assert.Contains("En vente", after, StringComparison.Ordinal);
        Assert.Contains("Lumio Nova 8 Pro", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_market_without_a_translation_speaks_English_and_shows_its_partner()
    {
        var html = await Page("/gb");

        Assert.Contains("On sale now", html, StringComparison.Ordinal);
        Assert.Contains("Sold by <strong>Trio Mobile</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Lumio Home Hub", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"price\"", html, StringComparison.Ordinal); // a partner sets its own shelf prices
    }

    [Fact]
    public async Task An_unknown_market_is_a_not_found_page_while_the_API_answers_with_a_problem()
    {
        var page = await App.CreateClient().GetAsync("/de", Ct);
        var api = await App.CreateClient().PostAsync("/api/markets", null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("There is no such page.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_console_asks_staff_to_sign_in()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/admin/markets", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_is_documented_by_an_OpenAPI_document_and_a_reference_page()
    {
        var document = await Page("/openapi/v1.json");
        var reference = await Page("/api/reference");

        Assert.Contains("\"/api/catalog/{market}\"", document, StringComparison.Ordinal);
        Assert.Contains("What a market sells right now", document, StringComparison.Ordinal);
        Assert.Contains("bearer", document, StringComparison.Ordinal);
        var createMarket = System.Text.Json.JsonDocument.Parse(document).RootElement.GetProperty("paths").GetProperty("/api/markets").GetProperty("post");
        Assert.Equal("staff", createMarket.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.True(createMarket.GetProperty("responses").TryGetProperty("403", out _));
        var listMarkets = System.Text.Json.JsonDocument.Parse(document).RootElement.GetProperty("paths").GetProperty("/api/markets").GetProperty("get");
        Assert.False(listMarkets.TryGetProperty("security", out _));
        Assert.Contains("Rollout API", reference, StringComparison.Ordinal);
    }
}
