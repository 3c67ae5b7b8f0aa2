using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

public abstract class CartTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> Cart(HttpClient client) =>
        (await Json(await client.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct))).GetProperty("id").GetGuid();

    private static Task<HttpResponseMessage> Add(HttpClient client, Guid cart, int quantity) =>
        client.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity }, Ct);

    /// <summary>Address and shipping method (refused once the cart is an order, which a retry meets), then checkout paying by card.</summary>
    private static async Task<HttpResponseMessage> Checkout(HttpClient client, Guid cart, string key)
    {
        await client.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "ana@example.es", address = Shop.AddressIn("ES") }, Ct);
        await client.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "standard" }, Ct);
        return await Shop.PostKeyed(client, $"/api/carts/{cart}/checkout", new { payment = "card" }, key);
    }

    [Fact]
    public async Task A_cart_holds_its_units_against_everyone_else_and_its_checkout_sells_exactly_them()
    {
        var staff = await MadridWith(3);
        var shopper = App.CreateClient();
        var cart = await Cart(shopper);

        var added = await Add(shopper, cart, 3);
        var other = await Cart(shopper);
        var blocked = await Add(shopper, other, 1);
        var order = await Checkout(shopper, cart, "pay-1");
        var again = await Checkout(shopper, cart, "pay-1");
        var another = await Checkout(shopper, cart, "pay-2");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.True((await Json(added)).GetProperty("lines")[0].GetProperty("held").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(3, (await Json(order)).GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.Equal((await Json(order)).GetProperty("id").GetGuid(), (await Json(again)).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(0, level.GetProperty("available").GetInt32());
        Assert.Single((await Json(await (await App.Staff(StaffRoles.OrderManager)).GetAsync("/api/orders", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task Sold_out_is_answered_until_stock_comes_back_and_not_a_moment_longer()
    {
        using var staff = await MadridWith(1);
        var shopper = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Add(shopper, await Cart(shopper), 1)).StatusCode);
        var late = await Cart(shopper);
        Assert.Equal(HttpStatusCode.Conflict, (await Add(shopper, late, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Add(shopper, late, 1)).StatusCode); // Now answered from memory.

        (await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 1 }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await Add(shopper, late, 1)).StatusCode);
    }

    [Fact]
    public async Task A_hold_changed_behind_the_carts_back_never_sells_more_than_there_is()
    {
        using var staff = await MadridWith(3);
        var shopper = App.CreateClient();
        var cart = await Cart(shopper);
        Assert.Equal(HttpStatusCode.OK, (await Add(shopper, cart, 2)).StatusCode);
        // Staff shrink the cart's hold to one unit through the reservations API; the cart in memory still thinks two.
        var changed = await staff.PostAsJsonAsync("/api/stock/reservations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", holder = $"cart:{cart:N}", quantity = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var order = await Checkout(shopper, cart, "changed-behind");

        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(2, (await Json(order)).GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(0, level.GetProperty("available").GetInt32()); // Two sold afresh, and the shrunk hold of one still held: three.
        Assert.Equal(3, level.GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task Units_taken_away_behind_the_writers_back_are_never_held()
    {
        using var staff = await MadridWith(5);
        var shopper = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Add(shopper, await Cart(shopper), 1)).StatusCode); // The writer learns four are left.
        var broken = await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = -4, reason = "Broken in the warehouse" }, Ct);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);

        // The writer guesses a unit is there; the database says otherwise, and the batch runs again without guessing.
        var late = await Add(shopper, await Cart(shopper), 1);

        Assert.Equal("stock.sold_out", (await Json(late)).GetProperty("code").GetString());
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(1, level.GetProperty("onHand").GetInt32());
        Assert.Equal(0, level.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_hold_that_ran_out_goes_to_the_next_buyer()
    {
        await MadridWith(1);
        var shopper = App.CreateClient();
        var slow = await Cart(shopper);
        Assert.Equal(HttpStatusCode.OK, (await Add(shopper, slow, 1)).StatusCode);

        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var fast = await Cart(shopper);
        var taken = await Add(shopper, fast, 1);
        var late = await Checkout(shopper, slow, "late-1");

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("stock.sold_out", (await Json(late)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, (await Checkout(shopper, fast, "fast-1")).StatusCode);
    }

    [Fact]
    public async Task Two_hundred_carts_racing_for_one_hundred_units_end_in_exactly_one_hundred_orders()
    {
        var staff = await MadridWith(100);
        var shopper = App.CreateClient();
        var carts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Cart(shopper)));

        var holds = await Task.WhenAll(carts.Select(c => Add(shopper, c, 1)));
        var checkouts = await Task.WhenAll(carts.Select(c => Checkout(shopper, c, "once")));

        Assert.Equal(100, holds.Count(h => h.StatusCode == HttpStatusCode.OK));
        Assert.Equal(100, checkouts.Count(c => c.StatusCode == HttpStatusCode.Created));
        Assert.DoesNotContain(checkouts, c => (int)c.StatusCode >= 500);
        Assert.Equal(100, (await Json(await (await App.Staff(StaffRoles.OrderManager)).GetAsync("/api/orders", Ct))).GetArrayLength());
        Assert.Equal(0, (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0].GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Holds_running_out_while_two_thousand_others_check_out_end_in_exactly_one_hundred_orders()
    {
        var staff = await MadridWith(100);
        var shopper = App.CreateClient();
        var slow = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Cart(shopper)));
        var held = await Task.WhenAll(slow.Select(c => Add(shopper, c, 1)));
        Assert.All(held, h => Assert.Equal(HttpStatusCode.OK, h.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder())).StatusCode);

        // The holds run out just as 1,900 guests arrive and the 100 slow carts come back to check out.
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        var guests = Enumerable.Range(0, 1900).Select(i => Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder($"guest{i}@example.es"), $"guest-{i}"));
        var late = slow.Select(c => Checkout(shopper, c, "late"));
        var answers = await Task.WhenAll(guests.Concat(late));

        var outcomes = string.Join(", ", answers.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key}: {g.Count()}"));
        Assert.True(answers.All(r => (int)r.StatusCode < 500), $"Server errors: {outcomes}");
        Assert.Equal(100, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var orders = await Json(await (await App.Staff(StaffRoles.OrderManager)).GetAsync("/api/orders", Ct));
        Assert.Equal(100, orders.GetArrayLength());
        Assert.Equal(100, orders.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Distinct().Count());
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(100, level.GetProperty("onHand").GetInt32());
        Assert.Equal(0, level.GetProperty("available").GetInt32()); // 100 sold and nothing still held
    }
}

public sealed class SqliteCartTests() : CartTests(StorageProvider.Sqlite);

public sealed class PostgresCartTests() : CartTests(StorageProvider.Postgres);
