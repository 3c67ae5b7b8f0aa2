using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

/// <summary>Bad checkouts get an error naming the field and the rule, and leave no order, no sale and no hold behind.</summary>
public abstract class CheckoutRulesTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertNothingWritten(HttpClient staff)
    {
        Assert.Equal(0, (await Json(await staff.GetAsync("/api/orders", Ct))).GetArrayLength());
        var level = (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0];
        Assert.Equal(5, level.GetProperty("available").GetInt32());
    }

    private Task<HttpResponseMessage> Order(object body) => Shop.PostKeyed(App.CreateClient(), "/api/orders", body);

    [Fact]
    public async Task Bad_checkouts_name_the_field_and_the_rule_and_write_nothing()
    {
        var staff = await MadridWith(5, StaffRoles.Admin);
        var address = Shop.AddressIn("ES");
        var listing = (await Json(await staff.GetAsync("/api/listings?market=ES", Ct))).EnumerateArray()
            .First(l => l.GetProperty("sku").GetString() == "VAC-S1-WHT" && l.GetProperty("channel").GetString() == "es-online");
        (await staff.DeleteAsync($"/api/listings/{listing.GetProperty("id").GetInt64()}", Ct)).EnsureSuccessStatusCode();

        var none = await Order(Shop.GuestOrder(quantity: 0));
        var huge = await Order(Shop.GuestOrder(quantity: 1_000_000));
        var france = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "standard", address = Shop.AddressIn("FR"), payment = "card" });
        var unknown = await Order(Shop.GuestOrder(sku: "NOVA9-GOLD-1TB"));
        var unlisted = await Order(Shop.GuestOrder(sku: "VAC-S1-WHT"));
        var tampered = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1, unitPrice = 1.00m } }, shipping = "standard", address, payment = "card" });
        var cheaper = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "standard", address, payment = "card", expectedTotal = 1.00m });
        var dollars = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "standard", address, payment = "card", currency = "USD" });
        var noShipping = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, address, payment = "card" });
        var storeElsewhere = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "pickup", pickupStore = "fr-online", payment = "card" });
        var payAtHome = await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "standard", address, payment = "pay-at-store" });
        var noEmail = await Order(Shop.GuestOrder(email: "ana"));

        Assert.Contains("1 to 10", (await ProblemFor(none, "lines[0].quantity"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(huge, "lines[0].quantity"));
        Assert.Contains("only in ES", (await ProblemFor(france, "address.country"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(unknown, "lines[0].sku"));
        Assert.Contains("not on sale", (await ProblemFor(unlisted, "lines[0].sku"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(tampered, "lines[0].unitPrice"));
        Assert.Contains("The total now is", (await ProblemFor(cheaper, "expectedTotal"))[0], StringComparison.Ordinal);
        Assert.Contains("EUR", (await ProblemFor(dollars, "currency"))[0], StringComparison.Ordinal);
        Assert.Contains("standard", (await ProblemFor(noShipping, "shipping"))[0], StringComparison.Ordinal);
        Assert.Contains("es-madrid-gran-via", (await ProblemFor(storeElsewhere, "pickupStore"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(payAtHome, "payment"));
        Assert.NotEmpty(await ProblemFor(noEmail, "email"));
        await AssertNothingWritten(staff);
    }

    [Fact]
    public async Task A_pickup_at_a_store_of_the_market_needs_no_address_and_express_shipping_carries_VAT()
    {
        await MadridWith(5);
        var price = (await Json(await App.CreateClient().GetAsync("/api/prices/ES/NOVA8P-BLK-256", Ct))).GetProperty("gross").GetDecimal();

        var pickup = await Json(await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "pickup", pickupStore = "es-madrid-gran-via", payment = "pay-at-store", expectedTotal = price }));
        var express = await Json(await Order(new { market = "ES", channel = "es-online", email = "ana@example.es", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 1 } }, shipping = "express", address = Shop.AddressIn("ES"), payment = "card", expectedTotal = price + 9.95m }));

        Assert.Equal("es-madrid-gran-via", pickup.GetProperty("shipping").GetProperty("pickupStore").GetString());
        Assert.Equal(price, pickup.GetProperty("total").GetDecimal());
        var shipping = express.GetProperty("shipping");
        Assert.Equal(9.95m, shipping.GetProperty("total").GetDecimal());
        Assert.Equal(1.73m, shipping.GetProperty("vat").GetDecimal()); // 9.95 × 21/121, rounded to the cent
        Assert.Equal(price + 9.95m, express.GetProperty("total").GetDecimal());
        Assert.Equal(express.GetProperty("total").GetDecimal(), express.GetProperty("net").GetDecimal() + express.GetProperty("vat").GetDecimal());
        Assert.Equal("Madrid", shipping.GetProperty("address").GetProperty("city").GetString());
    }

    [Fact]
    public async Task A_cart_refuses_an_address_abroad_and_a_store_of_another_market()
    {
        await MadridWith(5);
        var shopper = App.CreateClient();
        var cart = (await Json(await shopper.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct))).GetProperty("id").GetGuid();

        var abroad = await shopper.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "ana@example.es", address = Shop.AddressIn("IT") }, Ct);
        var badEmail = await shopper.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "not-an-address", address = Shop.AddressIn("ES") }, Ct);
        var storeAbroad = await shopper.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "pickup", pickupStore = "fr-online" }, Ct);
        var noMethod = await shopper.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "drone" }, Ct);
        var empty = await Shop.PostKeyed(shopper, $"/api/carts/{cart}/checkout", new { payment = "card" });

        Assert.NotEmpty(await ProblemFor(abroad, "address.country"));
        Assert.NotEmpty(await ProblemFor(badEmail, "email"));
        Assert.NotEmpty(await ProblemFor(storeAbroad, "pickupStore"));
        Assert.Contains("express", (await ProblemFor(noMethod, "method"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(empty, "lines"));
        var shown = await Json(await shopper.GetAsync($"/api/carts/{cart}", Ct));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, shown.GetProperty("address").ValueKind);
        Assert.Equal(3, shown.GetProperty("shippingMethods").GetArrayLength());
    }
}

public sealed class SqliteCheckoutRulesTests() : CheckoutRulesTests(StorageProvider.Sqlite);

public sealed class PostgresCheckoutRulesTests() : CheckoutRulesTests(StorageProvider.Postgres);
