using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

/// <summary>The whole purchase through the API: browse, cart, address, shipping, checkout, signed payment, staff see it paid.</summary>
public abstract class JourneyTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guest_browses_Spain_buys_a_phone_pays_by_card_and_staff_ship_it()
    {
        var staff = await MadridWith(3, StaffRoles.Admin);
        var shopper = App.CreateClient();

        var catalog = await Json(await shopper.GetAsync("/api/catalog/ES", Ct));
        var sku = catalog.GetProperty("products").EnumerateArray().SelectMany(p => p.GetProperty("variants").EnumerateArray()).First(v => v.GetProperty("sku").GetString() == "NOVA8P-BLK-256").GetProperty("sku").GetString();
        var cart = (await Json(await shopper.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct))).GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cart}/lines") { Content = JsonContent.Create(new { sku, quantity = 1 }) };
        request.Headers.Add("Idempotency-Key", "add-1");
        Assert.Equal(HttpStatusCode.OK, (await shopper.SendAsync(request, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shopper.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "ana@example.es", address = Shop.AddressIn("ES") }, Ct)).StatusCode);
        var shown = await Json(await shopper.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "express" }, Ct));
        var total = shown.GetProperty("total").GetDecimal();

        var placed = await Shop.PostKeyed(shopper, $"/api/carts/{cart}/checkout", new { payment = "card", expectedTotal = total, currency = "EUR" }, "checkout-1");
        var order = await Json(placed);
        var paid = await Shop.CardWebhook(App.CreateClient(), order.GetProperty("payment").GetProperty("reference").GetString()!, total, App.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(shown.GetProperty("items").GetDecimal() + 9.95m, total);
        Assert.Equal(total, order.GetProperty("total").GetDecimal());
        Assert.Equal("paid", (await Json(paid)).GetProperty("orderStatus").GetString());
        var id = order.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/orders/{id}/allocate", null, Ct)).StatusCode);
        var shipped = await Json(await Shop.Ship(staff, id, "SEUR", "SEUR-1"));
        Assert.Equal("shipped", shipped.GetProperty("status").GetString());
        Assert.Equal(["placed", "paid", "allocated", "shipped"], shipped.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()));
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(2, level.GetProperty("onHand").GetInt32());
        Assert.Equal(2, level.GetProperty("available").GetInt32());
    }
}

public sealed class SqliteJourneyTests() : JourneyTests(StorageProvider.Sqlite);

public sealed class PostgresJourneyTests() : JourneyTests(StorageProvider.Postgres);
