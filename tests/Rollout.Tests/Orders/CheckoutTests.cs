using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

public abstract class CheckoutTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Checkout(string key, string email = "ana@example.es", int quantity = 1, string sku = "NOVA8P-BLK-256", HttpClient? client = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(Shop.GuestOrder(email, quantity, sku)),
        };
        message.Headers.Add("Idempotency-Key", key);
        return (client ?? App.CreateClient()).SendAsync(message, Ct);
    }

    private sealed record Placed(Guid Id);

    [Fact]
    public async Task Two_thousand_concurrent_checkouts_for_one_hundred_units_make_exactly_one_hundred_orders()
    {
        var staff = await MadridWith(100);

        // 1,800 buyers, 200 of whom retry with their own key at the same time.
        var attempts = Enumerable.Range(0, 1800).Select(i => $"buyer-{i}").Concat(Enumerable.Range(0, 200).Select(i => $"buyer-{i}"));
        var responses = await Task.WhenAll(attempts.Select(key => Checkout(key, $"buyer{key.GetHashCode(StringComparison.Ordinal) & 0xffff}@example.es")));

        var outcomes = string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key}: {g.Count()}"));
        Assert.True(responses.All(r => (int)r.StatusCode < 500), $"Server errors among the answers ({outcomes}): {await FirstServerError(responses)}");
        var orders = await Json(await (await App.Staff(StaffRoles.OrderManager)).GetAsync("/api/orders?market=ES", Ct));
        Assert.Equal(100, orders.GetArrayLength());
        Assert.Equal(100, orders.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Distinct().Count());
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(100, level.GetProperty("onHand").GetInt32());
        Assert.Equal(0, level.GetProperty("available").GetInt32());
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.InRange(created.Count, 100, 300); // a retry answered with its first order counts too
        var ids = new HashSet<Guid>();
        foreach (var response in created)
        {
            ids.Add((await Json(response)).GetProperty("id").GetGuid());
        }

        Assert.Equal(100, ids.Count);
    }

    private static async Task<string> FirstServerError(IEnumerable<HttpResponseMessage> responses) =>
        responses.FirstOrDefault(r => (int)r.StatusCode >= 500) is { } failed ? await failed.Content.ReadAsStringAsync(Ct) : "";

    [Fact]
    public async Task An_order_is_priced_now_and_its_totals_add_up_to_the_cent()
    {
        await MadridWith(10);
        var price = (await Json(await App.CreateClient().GetAsync("/api/prices/ES/NOVA8P-BLK-256", Ct))).GetProperty("gross").GetDecimal();

        var order = await Json(await Checkout("order-1", quantity: 3));

        Assert.Equal("placed", order.GetProperty("status").GetString());
        Assert.Equal("EUR", order.GetProperty("currency").GetString());
        Assert.Equal(price * 3, order.GetProperty("total").GetDecimal());
        Assert.Equal(order.GetProperty("total").GetDecimal(), order.GetProperty("net").GetDecimal() + order.GetProperty("vat").GetDecimal());
        Assert.StartsWith("ES-", order.GetProperty("number").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_answers_the_first_order_and_a_key_reused_by_the_same_caller_for_another_order_is_refused()
    {
        await MadridWith(10);
        using var ana = App.Customer("ana");

        var first = await (await Checkout("key-1", client: ana)).Content.ReadFromJsonAsync<Placed>(Ct);
        var retry = await Checkout("key-1", client: ana);
        var reused = await Checkout("key-1", quantity: 2, client: ana);
        var guest = await Checkout("key-1");
        var guestAgain = await Checkout("key-1");
        var missing = await App.CreateClient().PostAsJsonAsync("/api/orders", Shop.GuestOrder(), Ct);

        Assert.Equal(first!.Id, (await retry.Content.ReadFromJsonAsync<Placed>(Ct))!.Id);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, guest.StatusCode); // Ana's key is hers: a guest using it places an order of their own.
        Assert.Equal((await guest.Content.ReadFromJsonAsync<Placed>(Ct))!.Id, (await guestAgain.Content.ReadFromJsonAsync<Placed>(Ct))!.Id); // A guest's retry answers their first order.
        Assert.NotEmpty(await ProblemFor(missing, "Idempotency-Key"));
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_their_caller_so_nobody_replays_or_squats_another_callers_key()
    {
        await MadridWith(10);
        using var ana = App.Customer("ana");
        using var mallory = App.Customer("mallory", "mallory@example.es");

        // Mallory sends the README's key first, with another order, then Ana's very order under Ana's key.
        var squatted = await Checkout("checkout-1", email: "mallory@example.es", quantity: 2, client: mallory);
        var anas = await Checkout("checkout-1", client: ana);
        var copied = await Checkout("checkout-1", client: mallory);
        var guestSquat = await Checkout("checkout-2", email: "someone@example.es");
        var guest = await Checkout("checkout-2");

        Assert.Equal(HttpStatusCode.Created, squatted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, anas.StatusCode); // Not a 422: Mallory's use of the key is not Ana's.
        var anasOrder = (await anas.Content.ReadFromJsonAsync<Placed>(Ct))!.Id;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, copied.StatusCode); // Her own key, another body: she learns nothing of Ana's.
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/api/orders/{anasOrder}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync($"/api/orders/{anasOrder}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, guestSquat.StatusCode);
        Assert.Equal(HttpStatusCode.Created, guest.StatusCode);
        Assert.NotEqual((await guestSquat.Content.ReadFromJsonAsync<Placed>(Ct))!.Id, (await guest.Content.ReadFromJsonAsync<Placed>(Ct))!.Id);
    }

    [Fact]
    public async Task What_is_not_on_sale_or_sold_out_cannot_be_ordered_and_nothing_is_written()
    {
        var staff = await MadridWith(1);

        var unlisted = await Checkout("k-unlisted", sku: "NOVA8-BLK-128"); // listed, but no stock anywhere
        var one = await Checkout("k-one");
        var soldOut = await Checkout("k-two");
        var france = await App.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(Shop.GuestOrder("luc@example.fr", market: "FR", channel: "fr-online")),
            Headers = { { "Idempotency-Key", "k-france" } },
        }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, unlisted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, one.StatusCode);
        Assert.Equal("stock.sold_out", (await Json(soldOut)).GetProperty("code").GetString());
        Assert.Contains("not open", (await ProblemFor(france, "market"))[0], StringComparison.Ordinal);
        Assert.Equal(1, (await Json(await (await App.Staff(StaffRoles.OrderManager)).GetAsync("/api/orders", Ct))).GetArrayLength());
    }
}

public sealed class SqliteCheckoutTests() : CheckoutTests(StorageProvider.Sqlite);

public sealed class PostgresCheckoutTests() : CheckoutTests(StorageProvider.Postgres);
