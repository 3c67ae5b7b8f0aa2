using System.Net.Http.Json;
using System.Text.Json;

namespace Rollout.Tests.Support;

/// <summary>After-sales set-ups: a customer's phone bought in Spain and delivered; a partner hub with Trio's allocation and a key.</summary>
internal static class AfterSales
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The customer <paramref name="customer"/> buys one Nova 8 Pro in Spain (bank transfer), staff confirm, pick, ship
    /// it with a new IMEI and deliver it; <paramref name="staff"/> holds the Madrid stock (see <c>MadridWith</c>).
    /// Returns the order's id and the phone's IMEI.
    /// </summary>
    public static async Task<(Guid Order, string Imei)> DeliveredPhone(RolloutApp app, HttpClient staff, string customer, bool deliver = true)
    {
        using var buyer = app.Customer(customer);
        var placed = await Shop.PostKeyed(buyer, "/api/orders", Shop.GuestOrder($"{customer}@example.es"));
        placed.EnsureSuccessStatusCode();
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var orders = await app.Staff(Rollout.Identity.StaffRoles.OrderManager);
        (await Shop.PostKeyed(orders, $"/api/orders/{id}/pay")).EnsureSuccessStatusCode();
        (await orders.PostAsync($"/api/orders/{id}/allocate", null, Ct)).EnsureSuccessStatusCode();
        var imei = Shop.NewImei();
        (await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "SEUR-9", units = new[] { new { sku = "NOVA8P-BLK-256", imei } } }, Ct)).EnsureSuccessStatusCode();
        if (deliver)
        {
            (await orders.PostAsync($"/api/orders/{id}/deliver", null, Ct)).EnsureSuccessStatusCode();
        }

        return (id, imei);
    }

    /// <summary>A hub serving Britain with <paramref name="units"/> Nova 8 Pro, all allocated to Trio Mobile; returns a partner manager's client.</summary>
    public static async Task<HttpClient> TrioAllocated(RolloutApp app, int units)
    {
        var stock = await app.Staff(Rollout.Identity.StaffRoles.InventoryManager);
        (await stock.PostAsJsonAsync("/api/stock/locations", new { code = "gb-hub", name = "Britain hub", kind = "warehouse", serves = new[] { "GB", "IE" } }, Ct)).EnsureSuccessStatusCode();
        (await stock.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "gb-hub", quantity = units }, Ct)).EnsureSuccessStatusCode();
        (await stock.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "gb-hub", channel = "trio-mobile", quantity = units }, Ct)).EnsureSuccessStatusCode();
        return await app.Staff(Rollout.Identity.StaffRoles.PartnerManager);
    }

    /// <summary>A new key of <paramref name="partner"/>, issued by <paramref name="manager"/>, as a client sending it.</summary>
    public static async Task<HttpClient> PartnerClient(RolloutApp app, HttpClient manager, string partner = "trio-mobile")
    {
        var issued = await manager.PostAsJsonAsync($"/api/partners/{partner}/keys", new { name = "order system" }, Ct);
        issued.EnsureSuccessStatusCode();
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("key").GetString();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Partner", key);
        return client;
    }
}
