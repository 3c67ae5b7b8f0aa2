using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Inventory;

public abstract class StockApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> Warehouse()
    {
        var staff = await App.Staff(StaffRoles.InventoryManager);
        var madrid = await staff.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid distribution centre", kind = "warehouse", serves = new[] { "ES", "FR", "IT" } }, Ct);
        var barcelona = await staff.PostAsJsonAsync("/api/stock/locations", new { code = "es-barcelona-gracia", name = "Barcelona store", kind = "store", serves = new[] { "ES" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, madrid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, barcelona.StatusCode);
        return staff;
    }

    private static async Task<(int OnHand, int LedgerSum, int Lines)> Stock(HttpClient staff, string sku, string location)
    {
        var levels = await Json(await staff.GetAsync($"/api/stock?sku={sku}&location={location}", Ct));
        var ledger = (await Json(await staff.GetAsync($"/api/stock/ledger?sku={sku}&location={location}", Ct))).EnumerateArray().ToArray();
        var onHand = levels.GetArrayLength() == 0 ? 0 : levels[0].GetProperty("onHand").GetInt32();
        return (onHand, ledger.Sum(m => m.GetProperty("quantity").GetInt32()), ledger.Length);
    }

    [Fact]
    public async Task Receipts_adjustments_and_transfers_keep_on_hand_equal_to_the_ledger()
    {
        var staff = await Warehouse();

        await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = 500, reference = "ASN-0001" }, Ct);
        await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = -3, reason = "Damaged in the warehouse" }, Ct);
        var moved = await staff.PostAsJsonAsync("/api/stock/transfers", new { sku = "NOVA8-BLK-128", from = "madrid-dc", to = "es-barcelona-gracia", quantity = 40 }, Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal((457, 457, 3), await Stock(staff, "NOVA8-BLK-128", "madrid-dc"));
        Assert.Equal((40, 40, 1), await Stock(staff, "NOVA8-BLK-128", "es-barcelona-gracia"));
    }

    [Fact]
    public async Task Stock_never_goes_below_zero_and_a_refused_move_writes_nothing()
    {
        var staff = await Warehouse();
        await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "HUB-WHT", location = "madrid-dc", quantity = 5 }, Ct);

        var adjust = await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "HUB-WHT", location = "madrid-dc", quantity = -6, reason = "Count" }, Ct);
        var transfer = await staff.PostAsJsonAsync("/api/stock/transfers", new { sku = "HUB-WHT", from = "madrid-dc", to = "es-barcelona-gracia", quantity = 6 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, adjust.StatusCode);
        Assert.Equal("stock.insufficient", (await Json(adjust)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, transfer.StatusCode);
        Assert.Equal((5, 5, 1), await Stock(staff, "HUB-WHT", "madrid-dc"));
        Assert.Equal((0, 0, 0), await Stock(staff, "HUB-WHT", "es-barcelona-gracia"));
    }

    [Fact]
    public async Task Three_hundred_concurrent_withdrawals_from_one_hundred_units_take_exactly_one_hundred()
    {
        var staff = await Warehouse();
        await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 100 }, Ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = -1, reason = $"Withdrawal {i}" }, Ct)));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(200, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((0, 0, 101), await Stock(staff, "NOVA8P-BLK-256", "madrid-dc"));
    }

    [Fact]
    public async Task Bad_moves_name_the_field_and_only_inventory_staff_move_stock()
    {
        var staff = await Warehouse();
        var catalog = await App.Staff(StaffRoles.CatalogManager);

        var unknown = await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8-BLK-128", location = "nowhere", quantity = 5 }, Ct);
        var zero = await staff.PostAsJsonAsync("/api/stock/adjustments", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = 0, reason = "" }, Ct);
        var forbidden = await catalog.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = 5 }, Ct);

        Assert.Contains("no stock location 'nowhere'", (await ProblemFor(unknown, "location"))[0], StringComparison.Ordinal);
        Assert.NotEmpty(await ProblemFor(zero, "quantity"));
        Assert.NotEmpty(await ProblemFor(zero, "reason"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal((0, 0, 0), await Stock(staff, "NOVA8-BLK-128", "madrid-dc"));
    }
}

public sealed class SqliteStockApiTests() : StockApiTests(StorageProvider.Sqlite);

public sealed class PostgresStockApiTests() : StockApiTests(StorageProvider.Postgres);
