using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Launches;

/// <summary>Launch events: set by a launch manager at a wall-clock time of the market, seen by everyone.</summary>
public abstract class LaunchApiTests(StorageProvider provider) : ProviderTest(provider)
{
    /// <summary>France's demo opening, the next 22 May at 10:00 in Paris.</summary>
    private static readonly string FranceOpens = WallClock.Format(TestClock.NextYearly(5, 22, 10, "Europe/Paris").LocalDateTime);

    private static readonly string GermanEvening = TestClock.Local(200, 18, 30, "Europe/Berlin");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_launch_manager_sets_the_france_launch_at_ten_in_paris_and_anyone_sees_it()
    {
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var created = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-nova-8", market = "FR", startsAt = FranceOpens, venue = "Station F, Paris", description = "Nova 8 arrives in France." }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var everyone = App.CreateClient();
        var launch = await Json(await everyone.GetAsync("/api/launches/fr-nova-8", Ct));
        Assert.Equal(TestClock.At(FranceOpens, "Europe/Paris"), launch.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(2), launch.GetProperty("startsAt").GetDateTimeOffset().Offset);
        Assert.Equal(FranceOpens, launch.GetProperty("localStart").GetString());
        Assert.Equal("Europe/Paris", launch.GetProperty("timeZone").GetString());
        Assert.Equal("Station F, Paris", launch.GetProperty("venue").GetString());
        var french = await Json(await everyone.GetAsync("/api/launches?market=FR", Ct));
        Assert.Equal("fr-nova-8", Assert.Single(french.EnumerateArray()).GetProperty("code").GetString());
        Assert.Empty((await Json(await everyone.GetAsync("/api/launches?market=IT", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task A_launch_opens_a_planned_market_at_the_same_instant_but_never_moves_an_opening_already_set()
    {
        using var admin = await App.Staff(StaffRoles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/markets", new { code = "DE" }, Ct)).StatusCode);
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var germany = await manager.PostAsJsonAsync("/api/launches", new { code = "de-evening", market = "DE", startsAt = GermanEvening, venue = "Berlin", opensMarket = true }, Ct);
        var italy = await manager.PostAsJsonAsync("/api/launches", new { code = "it-evening", market = "IT", startsAt = TestClock.Local(200, 18, 30, "Europe/Rome"), venue = "Milano", opensMarket = true }, Ct);
        var france = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-nova-8", market = "FR", startsAt = FranceOpens, venue = "Paris", opensMarket = true }, Ct);

        Assert.Equal(HttpStatusCode.Created, germany.StatusCode);
        var market = await Json(await App.CreateClient().GetAsync("/api/markets/DE", Ct));
        Assert.Equal(TestClock.At(GermanEvening, "Europe/Berlin"), market.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, italy.StatusCode); // Italy opens on 24 May already: only an admin moves that.
        Assert.Equal("launch.market_opening_set", (await Json(italy)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, france.StatusCode); // France opens at the launch's start already: nothing moves.
    }

    [Fact]
    public async Task Bad_launches_are_refused_with_the_field_and_the_rule_and_nothing_is_written()
    {
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var skipped = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-night", market = "FR", startsAt = TestClock.NextSkippedTime("Europe/Paris"), venue = "Paris" }, Ct);
        var past = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-past", market = "FR", startsAt = TestClock.Local(-300, 10, zone: "Europe/Paris"), venue = "Paris" }, Ct);
        var unknown = await manager.PostAsJsonAsync("/api/launches", new { code = "xx-launch", market = "XX", startsAt = FranceOpens, venue = "Nowhere" }, Ct);
        var notAMarket = await manager.PostAsJsonAsync("/api/launches", new { code = "de-launch", market = "DE", startsAt = FranceOpens, venue = "Berlin" }, Ct);
        var noVenue = await manager.PostAsJsonAsync("/api/launches", new { code = "Not A Code", market = "FR", startsAt = FranceOpens, venue = " " }, Ct);
        var opensLive = await manager.PostAsJsonAsync("/api/launches", new { code = "es-again", market = "ES", startsAt = FranceOpens, venue = "Madrid", opensMarket = true }, Ct);

        Assert.Contains("does not exist in Europe/Paris", (await ProblemFor(skipped, "startsAt"))[0], StringComparison.Ordinal);
        Assert.Contains("future", (await ProblemFor(past, "startsAt"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(unknown, "market"));
        Assert.NotEmpty(await ProblemFor(notAMarket, "market")); // A country, but not one of the brand's markets.
        Assert.NotEmpty(await ProblemFor(noVenue, "venue"));
        Assert.NotEmpty(await ProblemFor(noVenue, "code"));
        Assert.Equal(HttpStatusCode.Conflict, opensLive.StatusCode); // Spain is live already: a launch cannot open it.
        Assert.Empty((await Json(await App.CreateClient().GetAsync("/api/launches", Ct))).EnumerateArray());
        Assert.Equal("live", (await Json(await App.CreateClient().GetAsync("/api/markets/ES", Ct))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_flash_sale_draws_units_no_other_sale_was_promised_at_a_price_under_the_cap()
    {
        using var stock = await MadridWith(100);
        var allocated = await stock.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 50 }, Ct);
        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        using var manager = await App.Staff(StaffRoles.LaunchManager);
        var launch = await manager.PostAsJsonAsync("/api/launches", new { code = "es-nova-9", market = "ES", startsAt = TestClock.Local(60, 10), venue = "Madrid" }, Ct);
        Assert.Equal(HttpStatusCode.Created, launch.StatusCode);
        object Sale(string code, int units, decimal price, string? opensAt = null) => new
        {
            code, sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units, price, opensAt = opensAt ?? TestClock.Local(60, 10), closesAt = TestClock.Local(60, 12),
            perCustomerLimit = 2, registrationDeadline = TestClock.Local(59, 23), holdMinutes = 10,
        };

        var first = await manager.PostAsJsonAsync("/api/launches/es-nova-9/sales", Sale("es-nova-9-first", 30, 599.99m), Ct);
        var tooMany = await manager.PostAsJsonAsync("/api/launches/es-nova-9/sales", Sale("es-nova-9-second", 30, 599.99m), Ct);
        var tooDear = await manager.PostAsJsonAsync("/api/launches/es-nova-9/sales", Sale("es-nova-9-dear", 10, 2000m), Ct);
        var tooEarly = await manager.PostAsJsonAsync("/api/launches/es-nova-9/sales", Sale("es-nova-9-early", 10, 599.99m, opensAt: TestClock.Local(60, 9)), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("Only 20 units", (await Json(tooMany)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("cap", (await ProblemFor(tooDear, "price"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(tooEarly, "opensAt"));
        var sale = Assert.Single((await Json(await App.CreateClient().GetAsync("/api/launches/es-nova-9/sales", Ct))).EnumerateArray());
        Assert.Equal(30, sale.GetProperty("units").GetInt32());
        Assert.Equal(599.99m, sale.GetProperty("price").GetDecimal());
        Assert.Equal("EUR", sale.GetProperty("currency").GetString());
        Assert.Equal(TestClock.At(TestClock.Local(60, 10)), sale.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(2, sale.GetProperty("perCustomerLimit").GetInt32());
    }

    [Fact]
    public async Task Sales_created_at_the_same_moment_never_promise_more_units_than_the_allocation_has()
    {
        using var stock = await MadridWith(100);
        (await stock.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 50 }, Ct)).EnsureSuccessStatusCode();
        using var manager = await App.Staff(StaffRoles.LaunchManager);
        (await manager.PostAsJsonAsync("/api/launches", new { code = "es-rush", market = "ES", startsAt = TestClock.Local(60, 10), venue = "Madrid" }, Ct)).EnsureSuccessStatusCode();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => manager.PostAsJsonAsync("/api/launches/es-rush/sales", new
        {
            code = $"es-rush-{i}", sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 10, price = 599.99m,
            opensAt = TestClock.Local(60, 10), closesAt = TestClock.Local(60, 12),
        }, Ct), Ct)));

        Assert.Equal(5, attempts.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var sales = await Json(await App.CreateClient().GetAsync("/api/launches/es-rush/sales", Ct));
        Assert.Equal(50, sales.EnumerateArray().Sum(s => s.GetProperty("units").GetInt32()));
    }

    [Fact]
    public async Task Only_launch_managers_and_admins_set_launches_and_a_code_is_taken_once()
    {
        using var inventory = await App.Staff(StaffRoles.InventoryManager);
        using var admin = await App.Staff(StaffRoles.Admin);
        object Launch() => new { code = "fr-nova-8", market = "FR", startsAt = FranceOpens, venue = "Paris" };

        var anonymous = await App.CreateClient().PostAsJsonAsync("/api/launches", Launch(), Ct);
        var forbidden = await inventory.PostAsJsonAsync("/api/launches", Launch(), Ct);
        var first = await admin.PostAsJsonAsync("/api/launches", Launch(), Ct);
        var again = await admin.PostAsJsonAsync("/api/launches", Launch(), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("launch manager", await forbidden.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("launch.exists", (await Json(again)).GetProperty("code").GetString());
    }
}

public sealed class SqliteLaunchApiTests() : LaunchApiTests(StorageProvider.Sqlite);

public sealed class PostgresLaunchApiTests() : LaunchApiTests(StorageProvider.Postgres);
