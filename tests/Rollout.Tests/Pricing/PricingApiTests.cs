using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Pricing;

public abstract class PricingApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>France's demo opening, the next 22 May at 10:00 in Paris, when its launch price starts for two weeks.</summary>
    private static readonly NodaTime.ZonedDateTime FranceOpens = TestClock.NextYearly(5, 22, 10, "Europe/Paris");

    private static string FranceDay(int days, int hour, int minute = 0) => WallClock.Format(FranceOpens.Date.PlusDays(days).At(new NodaTime.LocalTime(hour, minute)));

    private static async Task<int> HistoryCount(HttpClient staff, string market, string sku) =>
        (await Json(await staff.GetAsync($"/api/prices/{market}/{sku}/history", Ct))).GetArrayLength();

    [Fact]
    public async Task The_price_in_force_has_net_VAT_gross_and_is_written_as_the_market_writes_money()
    {
        var staff = await App.Staff(StaffRoles.CatalogManager); // Italy is not open yet: its prices are for staff
        var italy = await Json(await staff.GetAsync("/api/prices/IT/NOVA8P-BLK-256", Ct));

        Assert.Equal("EUR", italy.GetProperty("currency").GetString());
        Assert.Equal(0.22m, italy.GetProperty("vatRate").GetDecimal());
        Assert.True(italy.GetProperty("vatIncluded").GetBoolean());
        var gross = italy.GetProperty("gross").GetDecimal();
        Assert.Equal(gross, italy.GetProperty("net").GetDecimal() + italy.GetProperty("vat").GetDecimal());
        Assert.Equal($"{gross.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("it-IT"))} €", italy.GetProperty("display").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync("/api/prices/IT/NOVA8P-BLK-256", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_reduction_in_Spain_is_shown_with_the_lowest_price_of_the_30_days_before()
    {
        var client = App.CreateClient();
        var regular = await Json(await client.GetAsync("/api/prices/ES/NOVA8-BLK-128", Ct));
        var saleStarts = TestClock.NextYearly(11, 27, 0, "Europe/Madrid"); // the demo's sale, 27 November to 1 December
        var during = saleStarts.PlusHours(36);
        var ahead = await client.GetAsync($"/api/prices/ES/NOVA8-BLK-128?at={WallClock.Format(during.LocalDateTime)}", Ct);

        App.Clock.SetUtcNow(during.ToDateTimeOffset());
        var sale = await Json(await client.GetAsync("/api/prices/ES/NOVA8-BLK-128", Ct));

        Assert.Equal(JsonValueKind.Null, regular.GetProperty("lowestPrior30Days").ValueKind);
        Assert.Equal(saleStarts.ToDateTimeOffset(), regular.GetProperty("validUntil").GetDateTimeOffset()); // the sale starts at midnight in Madrid
        Assert.NotEmpty(await ProblemFor(ahead, "at")); // prices to come are for staff
        Assert.Equal(regular.GetProperty("gross").GetDecimal() - 30m, sale.GetProperty("gross").GetDecimal());
        Assert.Equal(regular.GetProperty("gross").GetDecimal(), sale.GetProperty("lowestPrior30Days").GetDecimal());
    }

    [Fact]
    public async Task A_launch_price_from_the_opening_shows_no_earlier_price_no_buyer_could_pay()
    {
        App.Clock.SetUtcNow(FranceOpens.PlusHours(26).ToDateTimeOffset());
        var launch = await Json(await App.CreateClient().GetAsync("/api/prices/FR/NOVA8P-BLK-256", Ct));

        Assert.Equal(JsonValueKind.Null, launch.GetProperty("lowestPrior30Days").ValueKind);
        Assert.Equal(TestClock.At(FranceDay(14, 23, 59), "Europe/Paris"), launch.GetProperty("validUntil").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_price_above_the_cap_is_refused_with_the_margin_the_cap_and_the_highest_allowed_price()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var before = await HistoryCount(pricing, "ES", "NOVA8P-BLK-256");

        var regular = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = 999.99m, currency = "EUR" }, Ct);
        var scheduled = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = 999.99m, currency = "EUR", from = TestClock.Local(30, 0), until = TestClock.Local(37, 0) }, Ct);

        Assert.Contains("% cap; the highest allowed price is", (await ProblemFor(regular, "amount"))[0], StringComparison.Ordinal);
        var problem = await Json(regular);
        Assert.Equal(0.05m, problem.GetProperty("cap").GetDecimal());
        Assert.True(problem.GetProperty("margin").GetDecimal() > 0.05m);
        var highest = problem.GetProperty("highestAllowed").GetDecimal();
        Assert.Equal("price.above_cap", (await Json(scheduled)).GetProperty("code").GetString());
        Assert.Equal(before, await HistoryCount(pricing, "ES", "NOVA8P-BLK-256"));

        var aboveByACent = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = highest + 0.01m, currency = "EUR" }, Ct);
        var atTheCap = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = highest, currency = "EUR" }, Ct);
        Assert.Equal("price.above_cap", (await Json(aboveByACent)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, atTheCap.StatusCode);
        Assert.Equal(before + 1, await HistoryCount(pricing, "ES", "NOVA8P-BLK-256"));
    }

    [Fact]
    public async Task No_price_above_the_cap_is_stored_whatever_amounts_are_tried()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var amounts = Gen.Long[1, 120_000].Array[25].Single(); // 0.01 to 1,200.00 EUR for a 534.60 EUR landed cost

        var stored = 0;
        foreach (var (minor, i) in amounts.Select((a, i) => (a, i)))
        {
            var from = TestClock.Local(60 + i, 10);
            var response = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = minor / 100m, currency = "EUR", from }, Ct);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest });
            stored += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        for (var day = 1; day <= 25; day++)
        {
            App.Clock.SetUtcNow(TestClock.At(TestClock.Local(59 + day, 12)));
            var client = await App.Staff(StaffRoles.CatalogManager);
            var report = await Json(await client.GetAsync("/api/pricing/report?market=ES&channel=es-online", Ct));
            var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("sku").GetString() == "NOVA8P-BLK-256");
            Assert.True(row.GetProperty("margin").GetDecimal() <= 0.05m, $"day {day}: {row}");
        }

        Assert.InRange(stored, 1, 25);
    }

    [Fact]
    public async Task Concurrent_writers_cannot_store_two_overlapping_temporary_prices()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        // Clear of the demo's own sale of this phone (27 November to 1 December), which every window would overlap.
        var start = TestClock.Date(90).Month is 11 or 12 || TestClock.Date(105).Month is 11 or 12 ? 150 : 90;
        var windows = Enumerable.Range(0, 6).Select(i => new { from = TestClock.Local(start + i, 10), until = TestClock.Local(start + 9 + i, 10) });

        var responses = await Task.WhenAll(windows.Select(w => pricing.PutAsJsonAsync("/api/prices",
            new { sku = "NOVA8-BLK-128", market = "ES", channel = "es-online", amount = 299.99m, currency = "EUR", w.from, w.until }, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task A_lower_VAT_rate_that_lifts_margins_over_the_cap_is_flagged_in_the_report()
    {
        var admin = await App.Admin();

        var changed = await admin.PatchAsJsonAsync("/api/markets/ES", new { vatRate = 0.10m }, Ct);
        var report = await Json(await admin.GetAsync("/api/pricing/report?market=ES&channel=es-online", Ct));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var pro = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("sku").GetString() == "NOVA8P-BLK-256");
        Assert.Contains("over-cap", pro.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task A_scheduled_temporary_price_can_be_corrected_by_setting_the_same_window_again()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        object Sale(decimal amount) => new { sku = "NOVA8P-BLK-256", market = "FR", channel = "fr-online", amount, currency = "EUR", from = FranceDay(0, 10), until = FranceDay(14, 23, 59) };

        var corrected = await pricing.PutAsJsonAsync("/api/prices", Sale(609.99m), Ct);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var history = await Json(await pricing.GetAsync("/api/prices/FR/NOVA8P-BLK-256/history", Ct));
        Assert.Equal(609.99m, history[0].GetProperty("new").GetDecimal());
        Assert.NotEqual(609.99m, history[0].GetProperty("old").GetDecimal());
    }

    [Fact]
    public async Task Bad_prices_are_refused_naming_the_field_and_nothing_is_written()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var before = await HistoryCount(pricing, "FR", "NOVA8P-BLK-256");
        object Price(decimal amount, string currency, string? from = null, string? until = null) =>
            new { sku = "NOVA8P-BLK-256", market = "FR", channel = "fr-online", amount, currency, from, until };

        Assert.NotEmpty(await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(499.99m, "EUX"), Ct), "currency"));
        Assert.Contains("in EUR, not GBP", (await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(499.99m, "GBP"), Ct), "currency"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(-5m, "EUR"), Ct), "amount"));
        Assert.NotEmpty(await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(499.999m, "EUR"), Ct), "amount"));
        Assert.Contains("out of range", (await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(100_000_000_000_000m, "EUR"), Ct), "amount"))[0], StringComparison.Ordinal);
        Assert.Contains("overlaps the temporary price", (await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(599.99m, "EUR", FranceDay(8, 10), FranceDay(19, 10)), Ct), "from"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(await pricing.PutAsJsonAsync("/api/prices", Price(599.99m, "EUR", TestClock.Local(-1, 10, zone: "Europe/Paris")), Ct), "from"));
        Assert.Equal(before, await HistoryCount(pricing, "FR", "NOVA8P-BLK-256"));
    }

    [Fact]
    public async Task A_cost_change_that_pushes_a_price_over_the_cap_flags_it_and_leaves_the_price_alone()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var price = (await Json(await pricing.GetAsync("/api/prices/ES/HUB-WHT", Ct))).GetProperty("gross").GetDecimal();

        var changed = await pricing.PutAsJsonAsync("/api/costs", new { sku = "HUB-WHT", market = "ES", lines = new[] { new { kind = "unit", amount = 60m, currency = "EUR" } } }, Ct);
        var report = await Json(await pricing.GetAsync("/api/pricing/report?market=ES&channel=es-online", Ct));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEmpty((await Json(changed)).GetProperty("pricesOverCap").EnumerateArray());
        var hub = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("sku").GetString() == "HUB-WHT");
        Assert.Contains("over-cap", hub.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(price, (await Json(await pricing.GetAsync("/api/prices/ES/HUB-WHT", Ct))).GetProperty("gross").GetDecimal());
    }

    [Fact]
    public async Task The_demo_prices_every_listed_variant_under_the_cap()
    {
        var staff = await App.Staff(StaffRoles.CatalogManager);
        foreach (var market in new[] { "ES", "FR", "IT", "GB", "SE", "IE", "AT", "DK", "HK" })
        {
            var report = await Json(await staff.GetAsync($"/api/pricing/report?market={market}", Ct));
            Assert.All(report.GetProperty("rows").EnumerateArray(), row => Assert.Empty(row.GetProperty("flags").EnumerateArray()));
            Assert.NotEmpty(report.GetProperty("rows").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_suggestion_converts_adds_VAT_takes_the_market_ending_and_stays_under_the_cap()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);

        var suggested = await Json(await pricing.PostAsJsonAsync("/api/prices/suggest", new { sku = "NOVA8-BLK-128", market = "SE", channel = "trio-mobile", referenceAmount = 200m, referenceCurrency = "EUR" }, Ct));
        var capped = await Json(await pricing.PostAsJsonAsync("/api/prices/suggest", new { sku = "NOVA8-BLK-128", market = "ES", channel = "es-online", referenceAmount = 900m, referenceCurrency = "EUR" }, Ct));

        Assert.Equal(200m * 11.42m - ((200m * 11.42m) % 100m) - 1m, suggested.GetProperty("amount").GetDecimal()); // net wholesale, ending 99
        Assert.True(capped.GetProperty("loweredToCap").GetBoolean());
        Assert.True(capped.GetProperty("amount").GetDecimal() <= capped.GetProperty("highestAllowed").GetDecimal());
        Assert.EndsWith("9.99", capped.GetProperty("amount").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partner_wholesale_prices_are_for_staff_only()
    {
        var anonymous = await App.CreateClient().GetAsync("/api/prices/GB/NOVA8-BLK-128?channel=trio-mobile", Ct);
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var staff = await Json(await pricing.GetAsync("/api/prices/GB/NOVA8-BLK-128?channel=trio-mobile", Ct));

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("net", staff.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task A_pricing_file_with_one_price_above_the_cap_imports_nothing()
    {
        var pricing = await App.Staff(StaffRoles.PricingManager);
        var before = await HistoryCount(pricing, "ES", "BAND5-BLK");
        var file = """
            { "format": "rollout-prices/1",
              "prices": [
                { "sku": "BAND5-BLK", "market": "ES", "channel": "es-online", "amount": 34.99, "currency": "EUR" },
                { "sku": "BAND5-BLK", "market": "ES", "channel": "es-madrid-gran-via", "amount": 89.99, "currency": "EUR" }
              ] }
            """;

        var response = await pricing.PostAsync("/api/prices/import", new StringContent(file, Encoding.UTF8, "application/json"), Ct);

        Assert.StartsWith("line 4:", (await ProblemFor(response, "prices[1].amount"))[0], StringComparison.Ordinal);
        Assert.Equal(before, await HistoryCount(pricing, "ES", "BAND5-BLK"));
    }

    [Fact]
    public async Task Pricing_writes_need_a_pricing_manager()
    {
        var catalog = await App.Staff(StaffRoles.CatalogManager);

        var response = await catalog.PutAsJsonAsync("/api/prices", new { sku = "BAND5-BLK", market = "ES", channel = "es-online", amount = 34.99m, currency = "EUR" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

public sealed class SqlitePricingApiTests() : PricingApiTests(StorageProvider.Sqlite);

public sealed class PostgresPricingApiTests() : PricingApiTests(StorageProvider.Postgres);
