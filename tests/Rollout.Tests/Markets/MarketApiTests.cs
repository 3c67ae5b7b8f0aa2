using System.Net;
using System.Net.Http.Json;
using System.Text;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Markets;

public abstract class MarketApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Markets_carry_currency_tax_zone_warranty_regime_and_opening()
    {
        var france = await Json(await App.CreateClient().GetAsync("/api/markets/FR", Ct));

        Assert.Equal("FR", france.GetProperty("code").GetString());
        Assert.Equal("EUR", france.GetProperty("currency").GetString());
        Assert.Equal(0.20m, france.GetProperty("vatRate").GetDecimal());
        Assert.True(france.GetProperty("pricesIncludeTax").GetBoolean());
        Assert.Equal("Europe/Paris", france.GetProperty("timeZone").GetString());
        Assert.Equal(24, france.GetProperty("statutoryWarrantyMonths").GetInt32());
        Assert.Equal("CE", france.GetProperty("certificationRegime").GetString());
        Assert.Equal("planned", france.GetProperty("status").GetString());
        Assert.Equal(TestClock.NextYearly(5, 22, 10, "Europe/Paris").ToDateTimeOffset(), france.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(2), france.GetProperty("opensAtLocal").GetDateTimeOffset().Offset);
    }

    [Fact]
    public async Task The_demo_has_Spain_live_France_and_Italy_planned_and_the_partner_markets_live()
    {
        var markets = await Json(await App.CreateClient().GetAsync("/api/markets", Ct));
        var status = markets.EnumerateArray().ToDictionary(m => m.GetProperty("code").GetString()!, m => m.GetProperty("status").GetString());

        Assert.Equal("live", status["ES"]);
        Assert.Equal("planned", status["FR"]);
        Assert.Equal("planned", status["IT"]);
        foreach (var partnerMarket in new[] { "GB", "SE", "IE", "AT", "DK", "HK" })
        {
            Assert.Equal("live", status[partnerMarket]);
        }
    }

    [Fact]
    public async Task An_unknown_market_is_not_found()
    {
        var response = await App.CreateClient().GetAsync("/api/markets/DE", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("market.not_found", (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_market_from_the_reference_data_needs_only_its_code_and_opens_at_its_local_time()
    {
        var admin = await App.Admin();

        var opensAt = TestClock.Local(280, 10, zone: "Europe/Berlin");
        var created = await admin.PostAsJsonAsync("/api/markets", new { code = "DE", opensAt }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var germany = await Json(await admin.GetAsync("/api/markets/DE", Ct));
        Assert.Equal(0.19m, germany.GetProperty("vatRate").GetDecimal());
        Assert.Equal("Europe/Berlin", germany.GetProperty("timeZone").GetString());
        Assert.Equal(TestClock.At(opensAt, "Europe/Berlin"), germany.GetProperty("opensAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_unknown_country_is_refused_naming_the_field_and_nothing_is_written()
    {
        var admin = await App.Admin();
        var before = (await Json(await admin.GetAsync("/api/markets", Ct))).GetArrayLength();

        var response = await admin.PostAsJsonAsync("/api/markets", new { code = "XX" }, Ct);

        Assert.Contains("ISO 3166", (await ProblemFor(response, "code"))[0], StringComparison.Ordinal);
        Assert.Equal(before, (await Json(await admin.GetAsync("/api/markets", Ct))).GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_currency_is_refused_and_nothing_is_written()
    {
        var admin = await App.Admin();

        var response = await admin.PostAsJsonAsync("/api/markets", new { code = "DE", currency = "EUX" }, Ct);

        Assert.Contains("ISO 4217", (await ProblemFor(response, "currency"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/markets/DE", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_local_time_skipped_by_daylight_saving_is_refused()
    {
        var admin = await App.Admin();

        // Clocks in Germany jump from 02:00 to 03:00 on the last Sunday of March.
        var response = await admin.PostAsJsonAsync("/api/markets", new { code = "DE", opensAt = TestClock.NextSkippedTime("Europe/Berlin") }, Ct);

        Assert.Contains("does not exist in Europe/Berlin", (await ProblemFor(response, "opensAt"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/markets/DE", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_opening_in_the_past_is_refused_so_a_typo_cannot_open_a_country()
    {
        var admin = await App.Admin();

        var created = await admin.PostAsJsonAsync("/api/markets", new { code = "US", opensAt = TestClock.Local(-400, 10, zone: "America/New_York") }, Ct);
        var moved = await admin.PutAsJsonAsync("/api/markets/FR/opening", new { opensAt = TestClock.Local(-1, 10, zone: "Europe/Paris") }, Ct);

        Assert.Contains("in the past", (await ProblemFor(created, "opensAt"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(moved, "opensAt"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/markets/US", Ct)).StatusCode);
        Assert.Equal("planned", (await Json(await admin.GetAsync("/api/markets/FR", Ct))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_country_outside_the_reference_data_must_be_given_in_full()
    {
        var admin = await App.Admin();

        var partial = await admin.PostAsJsonAsync("/api/markets", new { code = "BE", currency = "EUR" }, Ct);
        var full = await admin.PostAsJsonAsync("/api/markets", new
        {
            code = "BE", name = "Belgium", currency = "EUR", vatRate = 0.21m, pricesIncludeTax = true, locales = new[] { "nl-BE", "fr-BE" },
            timeZone = "Europe/Brussels", statutoryWarrantyMonths = 24, certificationRegime = "CE",
        }, Ct);

        Assert.Contains("not in Rollout's reference data", (await ProblemFor(partial, "code"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, full.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_that_names_the_field()
    {
        var admin = await App.Admin();

        var wrongType = await admin.PostAsync("/api/markets", new StringContent("""{ "code": "DE", "vatRate": "high" }""", Encoding.UTF8, "application/json"), Ct);
        var broken = await admin.PostAsync("/api/markets", new StringContent("""{ "code": "DE", """, Encoding.UTF8, "application/json"), Ct);
        var unknown = await admin.PostAsync("/api/markets", new StringContent("""{ "code": "DE", "vat": 0.2 }""", Encoding.UTF8, "application/json"), Ct);

        var rule = (await ProblemFor(wrongType, "vatRate"))[0];
        Assert.Contains("'vatRate' must be", rule, StringComparison.Ordinal);
        Assert.DoesNotContain("Rollout.", rule, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("request.malformed_json", (await Json(broken)).GetProperty("code").GetString());
        Assert.Contains("'vat' is not a field here", (await ProblemFor(unknown, "vat"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/markets/DE", Ct)).StatusCode);
    }

    [Fact]
    public async Task Reads_are_public_writes_need_a_login_and_the_right_role()
    {
        var anonymous = App.CreateClient();
        var catalogManager = await App.Staff(StaffRoles.CatalogManager);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/markets", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/markets", new { code = "DE" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await catalogManager.PostAsJsonAsync("/api/markets", new { code = "DE" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/markets/DE", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_a_planned_market_can_be_rescheduled_and_only_a_live_one_closed()
    {
        var admin = await App.Admin();

        var moveSpain = await admin.PutAsJsonAsync("/api/markets/ES/opening", new { opensAt = TestClock.Local(30, 10) }, Ct);
        var closeFrance = await admin.PostAsync("/api/markets/FR/close", null, Ct);
        var franceOpens = TestClock.Local(100, 10, zone: "Europe/Paris");
        var moveFrance = await admin.PutAsJsonAsync("/api/markets/FR/opening", new { opensAt = franceOpens }, Ct);
        var closeSpain = await admin.PostAsync("/api/markets/ES/close", null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, moveSpain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, closeFrance.StatusCode);
        Assert.Equal(HttpStatusCode.OK, moveFrance.StatusCode);
        Assert.Equal(TestClock.At(franceOpens, "Europe/Paris"), (await Json(moveFrance)).GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal("closed", (await Json(closeSpain)).GetProperty("status").GetString());
        Assert.Empty((await Json(await admin.GetAsync("/api/catalog/ES", Ct))).GetProperty("products").EnumerateArray());
    }
}

public sealed class SqliteMarketApiTests() : MarketApiTests(StorageProvider.Sqlite);

public sealed class PostgresMarketApiTests() : MarketApiTests(StorageProvider.Postgres);
