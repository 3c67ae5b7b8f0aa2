using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Launches;

/// <summary>Launch events: set by a launch manager at a wall-clock time of the market, seen by everyone.</summary>
public abstract class LaunchApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_launch_manager_sets_the_france_launch_at_ten_in_paris_and_anyone_sees_it()
    {
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var created = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-nova-8", market = "FR", startsAt = "2027-05-22T10:00", venue = "Station F, Paris", description = "Nova 8 arrives in France." }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var everyone = App.CreateClient();
        var launch = await Json(await everyone.GetAsync("/api/launches/fr-nova-8", Ct));
        Assert.Equal(new DateTimeOffset(2027, 5, 22, 8, 0, 0, TimeSpan.Zero), launch.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(2), launch.GetProperty("startsAt").GetDateTimeOffset().Offset);
        Assert.Equal("2027-05-22T10:00", launch.GetProperty("localStart").GetString());
        Assert.Equal("Europe/Paris", launch.GetProperty("timeZone").GetString());
        Assert.Equal("Station F, Paris", launch.GetProperty("venue").GetString());
        var french = await Json(await everyone.GetAsync("/api/launches?market=FR", Ct));
        Assert.Equal("fr-nova-8", Assert.Single(french.EnumerateArray()).GetProperty("code").GetString());
        Assert.Empty((await Json(await everyone.GetAsync("/api/launches?market=IT", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task A_launch_that_opens_its_market_schedules_the_opening_at_the_same_instant()
    {
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var created = await manager.PostAsJsonAsync("/api/launches", new { code = "it-evening", market = "IT", startsAt = "2027-06-01T18:30", venue = "Milano", opensMarket = true }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var italy = await Json(await App.CreateClient().GetAsync("/api/markets/IT", Ct));
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 16, 30, 0, TimeSpan.Zero), italy.GetProperty("opensAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Bad_launches_are_refused_with_the_field_and_the_rule_and_nothing_is_written()
    {
        using var manager = await App.Staff(StaffRoles.LaunchManager);

        var skipped = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-night", market = "FR", startsAt = "2027-03-28T02:30", venue = "Paris" }, Ct);
        var past = await manager.PostAsJsonAsync("/api/launches", new { code = "fr-past", market = "FR", startsAt = "2026-01-10T10:00", venue = "Paris" }, Ct);
        var unknown = await manager.PostAsJsonAsync("/api/launches", new { code = "xx-launch", market = "XX", startsAt = "2027-05-22T10:00", venue = "Nowhere" }, Ct);
        var noVenue = await manager.PostAsJsonAsync("/api/launches", new { code = "Not A Code", market = "FR", startsAt = "2027-05-22T10:00", venue = " " }, Ct);
        var opensLive = await manager.PostAsJsonAsync("/api/launches", new { code = "es-again", market = "ES", startsAt = "2027-05-22T10:00", venue = "Madrid", opensMarket = true }, Ct);

        Assert.Contains("does not exist in Europe/Paris", (await ProblemFor(skipped, "startsAt"))[0], StringComparison.Ordinal);
        Assert.Contains("future", (await ProblemFor(past, "startsAt"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(unknown, "market"));
        Assert.NotEmpty(await ProblemFor(noVenue, "venue"));
        Assert.NotEmpty(await ProblemFor(noVenue, "code"));
        Assert.Equal(HttpStatusCode.Conflict, opensLive.StatusCode); // Spain is live already: a launch cannot open it.
        Assert.Empty((await Json(await App.CreateClient().GetAsync("/api/launches", Ct))).EnumerateArray());
        Assert.Equal("live", (await Json(await App.CreateClient().GetAsync("/api/markets/ES", Ct))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_launch_managers_and_admins_set_launches_and_a_code_is_taken_once()
    {
        using var inventory = await App.Staff(StaffRoles.InventoryManager);
        using var admin = await App.Staff(StaffRoles.Admin);
        object Launch() => new { code = "fr-nova-8", market = "FR", startsAt = "2027-05-22T10:00", venue = "Paris" };

        var anonymous = await App.CreateClient().PostAsJsonAsync("/api/launches", Launch(), Ct);
        var forbidden = await inventory.PostAsJsonAsync("/api/launches", Launch(), Ct);
        var first = await admin.PostAsJsonAsync("/api/launches", Launch(), Ct);
        var again = await admin.PostAsJsonAsync("/api/launches", Launch(), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("launch.exists", (await Json(again)).GetProperty("code").GetString());
    }
}

public sealed class SqliteLaunchApiTests() : LaunchApiTests(StorageProvider.Sqlite);

public sealed class PostgresLaunchApiTests() : LaunchApiTests(StorageProvider.Postgres);
