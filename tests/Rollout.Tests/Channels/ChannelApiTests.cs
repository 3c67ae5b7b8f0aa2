using System.Net;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Channels;

public abstract class ChannelApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Channels_of_a_market_are_its_online_store_and_the_partners_that_sell_there()
    {
        var italy = await Json(await App.CreateClient().GetAsync("/api/channels?market=IT", Ct));

        Assert.Equal(["it-online", "trio-mobile"], italy.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_physical_store_has_an_address_and_opening_hours()
    {
        var madrid = await Json(await App.CreateClient().GetAsync("/api/channels/es-madrid-gran-via", Ct));

        Assert.Equal("physical-store", madrid.GetProperty("kind").GetString());
        Assert.Equal("Madrid", madrid.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal(7, madrid.GetProperty("openingHours").GetArrayLength());
    }

    [Fact]
    public async Task A_channel_cannot_be_attached_to_a_market_that_does_not_exist()
    {
        var admin = await App.Admin();

        var response = await admin.PatchAsJsonAsync("/api/channels/trio-mobile", new { markets = new[] { "GB", "US" } }, Ct);

        Assert.Contains("no market US", (await ProblemFor(response, "markets[1]"))[0], StringComparison.Ordinal);
        var trio = await Json(await admin.GetAsync("/api/channels/trio-mobile", Ct));
        Assert.Equal(7, trio.GetProperty("markets").GetArrayLength());
    }

    [Fact]
    public async Task An_online_store_sells_in_exactly_one_market()
    {
        var admin = await App.Admin();

        var response = await admin.PostAsJsonAsync("/api/channels", new { code = "eu-online", kind = "online-store", name = "EU store", markets = new[] { "ES", "FR" } }, Ct);

        Assert.NotEmpty(await ProblemFor(response, "markets"));
    }

    [Fact]
    public async Task Taking_a_market_from_a_partner_takes_its_listings_there_off_sale()
    {
        var admin = await App.Admin();

        var changed = await admin.PatchAsJsonAsync("/api/channels/trio-mobile", new { markets = new[] { "SE", "IE", "AT", "DK", "HK", "IT" } }, Ct);
        var gb = await admin.GetAsync("/api/catalog/GB?channel=trio-mobile", Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEmpty(await ProblemFor(gb, "channel"));
    }

    [Fact]
    public async Task A_store_with_impossible_hours_is_refused()
    {
        var admin = await App.Admin();

        var response = await admin.PostAsJsonAsync("/api/channels", new
        {
            code = "es-valencia",
            kind = "physical-store",
            name = "Lumio Valencia",
            markets = new[] { "ES" },
            address = new { street = "Calle Colón 1", postalCode = "46004", city = "València" },
            openingHours = new[] { new { day = "monday", opens = "21:00", closes = "10:00" }, new { day = "someday", opens = "10:00", closes = "25:00" } },
        }, Ct);

        Assert.NotEmpty(await ProblemFor(response, "openingHours[0].closes"));
        Assert.NotEmpty(await ProblemFor(response, "openingHours[1].day"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/channels/es-valencia", Ct)).StatusCode);
    }
}

public sealed class SqliteChannelApiTests() : ChannelApiTests(StorageProvider.Sqlite);

public sealed class PostgresChannelApiTests() : ChannelApiTests(StorageProvider.Postgres);
