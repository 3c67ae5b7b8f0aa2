using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

public abstract class OrderLifecycleTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Staff, Guid Order)> Placed(int stock = 10, int quantity = 2)
    {
        var staff = await MadridWith(stock, StaffRoles.Admin);
        var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(Shop.GuestOrder(quantity: quantity)),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var order = await Json(await App.CreateClient().SendAsync(checkout, Ct));
        return (staff, order.GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> Level(HttpClient staff) =>
        (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];

    [Fact]
    public async Task An_order_goes_from_placed_to_delivered_and_its_units_leave_the_ledger_when_shipped()
    {
        var (staff, id) = await Placed();

        Assert.Equal(HttpStatusCode.OK, (await Shop.PostKeyed(staff, $"/api/orders/{id}/pay")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/orders/{id}/allocate", null, Ct)).StatusCode);
        var shipped = await Shop.Ship(staff, id, "SEUR", "SEUR123456");
        var delivered = await Json(await staff.PostAsync($"/api/orders/{id}/deliver", null, Ct));

        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal("SEUR123456", delivered.GetProperty("trackingNumber").GetString());
        Assert.Equal(["placed", "paid", "allocated", "shipped", "delivered"], delivered.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()));
        Assert.All(delivered.GetProperty("transitions").EnumerateArray().Skip(1), t => Assert.EndsWith("@test.local", t.GetProperty("by").GetString(), StringComparison.Ordinal));
        var level = await Level(staff);
        Assert.Equal(8, level.GetProperty("onHand").GetInt32());
        Assert.Equal(8, level.GetProperty("available").GetInt32());
        var ledger = (await Json(await staff.GetAsync("/api/stock/ledger?sku=NOVA8P-BLK-256&location=madrid-dc", Ct))).EnumerateArray().ToArray();
        Assert.Equal("shipment", ledger[^1].GetProperty("kind").GetString());
        Assert.Equal(8, ledger.Sum(m => m.GetProperty("quantity").GetInt32()));
    }

    private static async Task<JsonElement> Deliver(HttpClient staff, Guid id)
    {
        await Shop.PostKeyed(staff, $"/api/orders/{id}/pay");
        await staff.PostAsync($"/api/orders/{id}/allocate", null, Ct);
        await Shop.Ship(staff, id, "SEUR", "T1");
        return await Json(await staff.PostAsync($"/api/orders/{id}/deliver", null, Ct));
    }

    [Fact]
    public async Task The_EU_withdrawal_is_accepted_within_fourteen_days_of_delivery_and_refused_after()
    {
        var (staff, id) = await Placed();
        var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(Shop.GuestOrder("luis@example.es")),
            Headers = { { "Idempotency-Key", "second-order" } },
        };
        var other = (await Json(await App.CreateClient().SendAsync(checkout, Ct))).GetProperty("id").GetGuid();
        var buyer = App.CreateClient();
        var early = await buyer.PostAsync($"/api/orders/{id}/withdrawal", null, Ct);
        var delivered = await Deliver(staff, id);
        await Deliver(staff, other);

        App.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        var inTime = await buyer.PostAsync($"/api/orders/{id}/withdrawal", null, Ct);
        App.Clock.Advance(TimeSpan.FromSeconds(2));
        var late = await buyer.PostAsync($"/api/orders/{other}/withdrawal", null, Ct);

        Assert.Equal("withdrawal.not_applicable", (await Json(early)).GetProperty("code").GetString());
        Assert.Equal(delivered.GetProperty("deliveredAt").GetDateTimeOffset().AddDays(14), delivered.GetProperty("withdrawalDeadline").GetDateTimeOffset());
        Assert.Equal("withdrawal.too_late", (await Json(late)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await Json(inTime)).GetProperty("withdrawalRequestedAt").ValueKind);
    }

    [Fact]
    public async Task A_cancelled_order_puts_its_units_back_on_sale_and_a_shipped_one_cannot_be_cancelled()
    {
        var (staff, id) = await Placed(stock: 2, quantity: 2);
        Assert.Equal(0, (await Level(staff)).GetProperty("available").GetInt32());

        var cancelled = await Shop.PostKeyed(staff, $"/api/orders/{id}/cancel", new { reason = "Customer called" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(2, (await Level(staff)).GetProperty("available").GetInt32());
        Assert.Equal("order.transition", (await Json(await Shop.PostKeyed(staff, $"/api/orders/{id}/pay"))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Steps_out_of_order_or_by_the_wrong_role_are_refused()
    {
        var (_, id) = await Placed();
        var orders = await App.Staff(StaffRoles.OrderManager);
        var catalog = await App.Staff(StaffRoles.CatalogManager);

        var skipped = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T1" }, Ct);
        var forbidden = await Shop.PostKeyed(catalog, $"/api/orders/{id}/pay");
        var noTracking = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR" }, Ct);

        Assert.Equal("order.transition", (await Json(skipped)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.NotEmpty(await ProblemFor(noTracking, "trackingNumber"));
    }
}

public sealed class SqliteOrderLifecycleTests() : OrderLifecycleTests(StorageProvider.Sqlite);

public sealed class PostgresOrderLifecycleTests() : OrderLifecycleTests(StorageProvider.Postgres);
