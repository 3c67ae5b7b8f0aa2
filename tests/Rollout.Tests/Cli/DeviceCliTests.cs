using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Cli;

/// <summary><c>rollout devices import</c> and <c>rollout warranty check</c> against the database of a running server.</summary>
public abstract class DeviceCliTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partners_shipment_list_and_sell_through_import_all_or_nothing_and_the_warranty_check_reads_it()
    {
        var manager = await AfterSales.TrioAllocated(App, 10);
        using var trio = await AfterSales.PartnerClient(App, manager);
        var order = await Json(await trio.PostAsJsonAsync("/api/partner/orders", new { market = "GB", reference = "TRIO-77", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 2 } } }, Ct));
        (await manager.PostAsync($"/api/partner-orders/{order.GetProperty("id").GetGuid()}/confirm", null, Ct)).EnsureSuccessStatusCode();
        var (first, second) = (Shop.NewImei(), Shop.NewImei());
        var shipment = await Write("shipment.csv", $"order,sku,imei\nTRIO-77,NOVA8P-BLK-256,{first}\nTRIO-77,NOVA8P-BLK-256,{second[..14]}{(second[14] == '0' ? '1' : '0')}\n");

        var refused = await RolloutCli.Run(App, "devices", "import", shipment, "--partner", "trio-mobile", "--carrier", "DHL", "--tracking-number", "D-77");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("shipment.csv: line 3: imei: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Luhn", refused.Error, StringComparison.Ordinal);
        Assert.Equal("confirmed", (await Json(await trio.GetAsync($"/api/partner/orders/{order.GetProperty("id").GetGuid()}", Ct))).GetProperty("status").GetString());

        await Write("shipment.csv", $"order,sku,imei\nTRIO-77,NOVA8P-BLK-256,{first}\nTRIO-77,NOVA8P-BLK-256,{second}\n");
        var shipped = await RolloutCli.Run(App, "devices", "import", shipment, "--partner", "trio-mobile", "--carrier", "DHL", "--tracking-number", "D-77");
        Assert.Equal(0, shipped.ExitCode);
        Assert.Contains("2 unit(s) shipped on 1 purchase order(s)", shipped.Out, StringComparison.Ordinal);

        var today = TestClock.Date(zone: "Europe/London"); // Trio sells in Britain: its days are Britain's; 72 months by law and 12 by the brand.
        var report = await Write("sold.csv", $"imei,sold_on\n{first},{TestClock.Iso(today.PlusDays(-1))}\n{second},{TestClock.Iso(today.PlusDays(28))}\n");
        var early = await RolloutCli.Run(App, "devices", "import", report, "--partner", "trio-mobile");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("sold.csv: line 2: sold_on: ", early.Error, StringComparison.Ordinal);
        Assert.Contains("sold.csv: line 3: sold_on: ", early.Error, StringComparison.Ordinal);
        var notYet = await RolloutCli.Run(App, "warranty", "check", first);
        Assert.Contains("Status: not started", notYet.Out, StringComparison.Ordinal);

        await Write("sold.csv", $"imei,sold_on\n{first},{TestClock.Iso(today)}\n");
        var sold = await RolloutCli.Run(App, "devices", "import", report, "--partner", "trio-mobile");
        var checkedOut = await RolloutCli.Run(App, "warranty", "check", first);
        var typo = await RolloutCli.Run(App, "warranty", "check", "12345");

        Assert.Equal(0, sold.ExitCode);
        Assert.Contains("1 device(s) sold through", sold.Out, StringComparison.Ordinal);
        Assert.Equal(0, checkedOut.ExitCode);
        Assert.Contains($"Status: in warranty, covered until {TestClock.Iso(today.PlusMonths(72 + 12).PlusDays(-1))}", checkedOut.Out, StringComparison.Ordinal);
        Assert.Contains("Consumer Rights Act 2015", checkedOut.Out, StringComparison.Ordinal);
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("imei", typo.Error, StringComparison.Ordinal);
    }

    private async Task<string> Write(string name, string text)
    {
        var path = Path.Combine(App.Database.Folder, name);
        await File.WriteAllTextAsync(path, text, Ct);
        return path;
    }
}

public sealed class SqliteDeviceCliTests() : DeviceCliTests(StorageProvider.Sqlite);

public sealed class PostgresDeviceCliTests() : DeviceCliTests(StorageProvider.Postgres);
