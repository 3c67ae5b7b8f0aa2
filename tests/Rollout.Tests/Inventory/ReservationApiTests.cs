using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Inventory;

public abstract class ReservationApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> Reserve(HttpClient staff, string holder, string channel = "es-online", int quantity = 1) =>
        staff.PostAsJsonAsync("/api/stock/reservations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel, holder, quantity }, Ct);

    private static async Task<System.Text.Json.JsonElement> Level(HttpClient staff) =>
        (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];

    [Fact]
    public async Task Four_hundred_concurrent_holds_on_one_hundred_units_hold_exactly_one_hundred()
    {
        var staff = await MadridWith(100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Reserve(staff, $"cart-{i}")));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(300, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(0, (await Level(staff)).GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Expired_holds_give_their_units_back_while_others_reserve()
    {
        var staff = await MadridWith(100);
        var first = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Reserve(staff, $"early-{i}")));
        Assert.All(first, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, (await Reserve(staff, "late")).StatusCode);

        App.Clock.Advance(TimeSpan.FromMinutes(15));
        staff = await App.Staff(StaffRoles.InventoryManager);
        var second = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => Reserve(staff, $"late-{i}")));

        Assert.Equal(100, second.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(0, (await Level(staff)).GetProperty("available").GetInt32());
        Assert.Equal(100, (await Level(staff)).GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task A_holder_asking_again_changes_its_own_hold_and_never_blocks_itself()
    {
        var staff = await MadridWith(100);
        (await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = -98, reason = "Shipped to stores" }, Ct)).EnsureSuccessStatusCode();

        var first = await Json(await Reserve(staff, "cart-1", quantity: 2));
        var again = await Json(await Reserve(staff, "cart-1", quantity: 2));
        var other = await Reserve(staff, "cart-2");

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.DeleteAsync($"/api/stock/reservations/{first.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Reserve(staff, "cart-2")).StatusCode);
    }

    [Fact]
    public async Task An_allocation_ring_fences_units_for_its_channel_and_stock_cannot_fall_below_it()
    {
        var staff = await MadridWith(100);

        var allocated = await staff.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-madrid-gran-via", quantity = 30 }, Ct);
        var pool = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => Reserve(staff, $"online-{i}")));
        var store = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Reserve(staff, $"store-{i}", "es-madrid-gran-via")));
        var takeOut = await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = -1, reason = "Count" }, Ct);
        var giveBack = await staff.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-madrid-gran-via", quantity = -1 }, Ct);

        Assert.Equal(HttpStatusCode.OK, allocated.StatusCode);
        Assert.Equal(70, pool.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(30, store.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.Conflict, takeOut.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, giveBack.StatusCode);
        var allocation = (await Json(await staff.GetAsync("/api/stock/allocations?sku=NOVA8P-BLK-256", Ct)))[0];
        Assert.Equal(30, allocation.GetProperty("reserved").GetInt32());
    }

    [Fact]
    public async Task A_channel_cannot_hold_stock_of_a_location_that_serves_none_of_its_markets()
    {
        var staff = await MadridWith(100);

        var response = await staff.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "trio-mobile", quantity = 5 }, Ct);

        Assert.NotEmpty(await ProblemFor(response, "channel"));
    }
}

public sealed class SqliteReservationApiTests() : ReservationApiTests(StorageProvider.Sqlite);

public sealed class PostgresReservationApiTests() : ReservationApiTests(StorageProvider.Postgres);
