using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

public abstract class CustomerTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> Customer(string email)
    {
        var client = App.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/customers", new { email, password = "Customer-Pass-1", name = "Ana García" }, Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var token = await Json(await client.PostAsJsonAsync("/api/customers/token", new { email, password = "Customer-Pass-1" }, Ct));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task A_customer_sees_only_their_own_carts_and_orders()
    {
        await MadridWith(5);
        var ana = await Customer("ana@example.es");
        var luis = await Customer("luis@example.es");
        var guest = App.CreateClient();

        var cart = await Json(await ana.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct));
        var id = cart.GetProperty("id").GetGuid();
        Assert.Equal("ana@example.es", cart.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ana.PutAsJsonAsync($"/api/carts/{id}/lines", new { sku = "NOVA8P-BLK-256", quantity = 1 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luis.GetAsync($"/api/carts/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.PutAsJsonAsync($"/api/carts/{id}/lines", new { sku = "NOVA8P-BLK-256", quantity = 5 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.PostKeyed(guest, $"/api/carts/{id}/checkout", new { payment = "card" })).StatusCode);

        await ana.PutAsJsonAsync($"/api/carts/{id}/address", new { address = Shop.AddressIn("ES") }, Ct);
        await ana.PutAsJsonAsync($"/api/carts/{id}/shipping", new { method = "standard" }, Ct);
        var order = await Json(await Shop.PostKeyed(ana, $"/api/carts/{id}/checkout", new { payment = "card" }));
        var orderId = order.GetProperty("id").GetGuid();

        Assert.Equal("ana@example.es", order.GetProperty("email").GetString());
        Assert.Single((await Json(await ana.GetAsync("/api/me/orders", Ct))).EnumerateArray());
        Assert.Empty((await Json(await luis.GetAsync("/api/me/orders", Ct))).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync($"/api/orders/{orderId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await luis.GetAsync($"/api/orders/{orderId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync($"/api/orders/{orderId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.Staff(Rollout.Identity.StaffRoles.OrderManager)).GetAsync($"/api/orders/{orderId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_customer_keeps_addresses_and_opens_no_staff_door()
    {
        var ana = await Customer("ana@example.es");

        var added = await ana.PostAsJsonAsync("/api/me/addresses", new { label = "home", name = "Ana García", line1 = "Calle Mayor 1", postalCode = "28013", city = "Madrid", country = "ES" }, Ct);
        var bad = await ana.PostAsJsonAsync("/api/me/addresses", new { label = "work", name = "Ana", line1 = "", postalCode = "1", city = "X", country = "XX" }, Ct);
        var me = await Json(await ana.GetAsync("/api/me", Ct));
        var staffOnly = await ana.GetAsync("/api/orders", Ct);
        var twice = await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "ana@example.es", password = "Customer-Pass-1" }, Ct);
        var weak = await App.CreateClient().PostAsJsonAsync("/api/customers", new { email = "weak@example.es", password = "short" }, Ct);
        var deleted = await ana.DeleteAsync($"/api/me/addresses/{(await Json(added)).GetProperty("id").GetGuid()}", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.NotEmpty(await ProblemFor(bad, "line1"));
        Assert.NotEmpty(await ProblemFor(bad, "country"));
        Assert.Equal("Madrid", me.GetProperty("addresses")[0].GetProperty("city").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, staffOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.NotEmpty(await ProblemFor(weak, "password"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/me", Ct)).StatusCode);
    }
}

public sealed class SqliteCustomerTests() : CustomerTests(StorageProvider.Sqlite);

public sealed class PostgresCustomerTests() : CustomerTests(StorageProvider.Postgres);
