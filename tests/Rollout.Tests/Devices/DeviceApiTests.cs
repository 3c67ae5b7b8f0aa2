using System.Net;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Devices;

public abstract class DeviceApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_phone_shipped_by_an_order_is_the_buyers_device_and_its_warranty_starts_at_delivery()
    {
        var staff = await MadridWith(5);
        var (order, imei) = await AfterSales.DeliveredPhone(App, staff, "ana", deliver: false);
        using var ana = App.Customer("ana");

        var shipped = (await Json(await ana.GetAsync("/api/me/devices", Ct)))[0];
        Assert.Equal(imei, shipped.GetProperty("imei").GetString());
        Assert.Equal("ES", shipped.GetProperty("market").GetString());
        Assert.Equal("es-online", shipped.GetProperty("channel").GetString());
        Assert.Equal(order, shipped.GetProperty("shippedBy").GetGuid());
        Assert.Equal("not_started", shipped.GetProperty("warranty").GetProperty("status").GetString());

        using var orders = await App.Staff(Rollout.Identity.StaffRoles.OrderManager);
        (await orders.PostAsync($"/api/orders/{order}/deliver", null, Ct)).EnsureSuccessStatusCode();
        var warranty = (await Json(await ana.GetAsync("/api/me/devices", Ct)))[0].GetProperty("warranty");

        Assert.Equal("in_warranty", warranty.GetProperty("status").GetString());
        var today = TestClock.Date(); // Delivered today, in Madrid.
        Assert.Equal(TestClock.Iso(today), warranty.GetProperty("from").GetString());
        // Spain's 36 months (Real Decreto Legislativo 1/2007, art. 120) and the demo's 12 months of brand warranty on the Nova 8 Pro.
        Assert.Equal(TestClock.Iso(today.PlusMonths(48).PlusDays(-1)), warranty.GetProperty("until").GetString());
        Assert.Contains("12 months of brand warranty", warranty.GetProperty("rule").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Json(await App.Customer("bruno").GetAsync("/api/me/devices", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task Shipping_needs_each_units_valid_unknown_imei_and_writes_nothing_otherwise()
    {
        var staff = await MadridWith(5);
        var (_, taken) = await AfterSales.DeliveredPhone(App, staff, "ana");
        using var buyer = App.Customer("bruno");
        var id = (await Json(await Shop.PostKeyed(buyer, "/api/orders", Shop.GuestOrder("bruno@example.es", quantity: 2)))).GetProperty("id").GetGuid();
        using var orders = await App.Staff(Rollout.Identity.StaffRoles.OrderManager);
        await Shop.PostKeyed(orders, $"/api/orders/{id}/pay");
        await orders.PostAsync($"/api/orders/{id}/allocate", null, Ct);
        var good = Shop.NewImei();

        var none = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T" }, Ct);
        var luhn = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T", units = new[] { new { sku = "NOVA8P-BLK-256", imei = good }, new { sku = "NOVA8P-BLK-256", imei = good[..14] + (good[14] == '0' ? '1' : '0') } } }, Ct);
        var twice = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T", units = new[] { new { sku = "NOVA8P-BLK-256", imei = good }, new { sku = "NOVA8P-BLK-256", imei = taken } } }, Ct);

        Assert.Contains("2 unit(s)", (await ProblemFor(none, "units"))[0], StringComparison.Ordinal);
        Assert.Contains("Luhn", (await ProblemFor(luhn, "units[1].imei"))[0], StringComparison.Ordinal);
        Assert.Contains("already a device's", (await ProblemFor(twice, "units"))[0], StringComparison.Ordinal);
        var order = await Json(await orders.GetAsync($"/api/orders/{id}", Ct));
        Assert.Equal("allocated", order.GetProperty("status").GetString());
        using var support = await App.Staff(Rollout.Identity.StaffRoles.SupportAgent);
        Assert.Single((await Json(await support.GetAsync("/api/devices", Ct))).EnumerateArray());
        Assert.Equal(5 - 1, (await Json(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)))[0].GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task The_public_warranty_check_tells_status_and_end_but_nothing_personal()
    {
        var staff = await MadridWith(5);
        var (_, imei) = await AfterSales.DeliveredPhone(App, staff, "ana");
        var anonymous = App.CreateClient();

        var checkedOut = await Json(await anonymous.GetAsync($"/api/warranty/{imei[..5]} {imei[5..]}", Ct));
        var unknown = await anonymous.GetAsync($"/api/warranty/{Shop.NewImei()}", Ct);
        var typo = await anonymous.GetAsync("/api/warranty/490154203237519", Ct);

        Assert.Equal("in_warranty", checkedOut.GetProperty("status").GetString());
        Assert.Equal(TestClock.Iso(TestClock.Date().PlusMonths(48).PlusDays(-1)), checkedOut.GetProperty("until").GetString());
        Assert.Equal(["imei", "name", "market", "status", "until", "rule"], checkedOut.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("ana", checkedOut.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotEmpty(await ProblemFor(typo, "imei"));
    }

    [Fact]
    public async Task A_device_bought_elsewhere_is_registered_with_a_proof_that_staff_accept()
    {
        var staff = await MadridWith(5);
        var (_, imei) = await AfterSales.DeliveredPhone(App, staff, "ana");
        using var carla = App.Customer("carla");

        var withoutProof = await carla.PostAsync("/api/me/devices/registrations", new MultipartFormDataContent { { new StringContent(imei), "imei" } }, Ct);
        var asked = await carla.PostAsync("/api/me/devices/registrations", Form(imei, "receipt.pdf", "application/pdf"), Ct);
        var again = await carla.PostAsync("/api/me/devices/registrations", Form(imei, "receipt.pdf", "application/pdf"), Ct);
        var executable = await carla.PostAsync("/api/me/devices/registrations", Form(imei, "receipt.exe", "application/x-msdownload"), Ct);

        Assert.NotEmpty(await ProblemFor(withoutProof, "proof"));
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.NotEmpty(await ProblemFor(executable, "proof"));
        Assert.Empty((await Json(await carla.GetAsync("/api/me/devices", Ct))).EnumerateArray());

        using var support = await App.Staff(Rollout.Identity.StaffRoles.SupportAgent);
        var pending = (await Json(await support.GetAsync("/api/device-registrations", Ct)))[0];
        var proof = await support.GetAsync($"/api/attachments/{pending.GetProperty("proof").GetGuid()}", Ct);
        Assert.Equal("application/pdf", proof.Content.Headers.ContentType?.MediaType);
        var refusedWithoutNote = await support.PostAsJsonAsync($"/api/device-registrations/{pending.GetProperty("id").GetGuid()}/decision", new { accept = false }, Ct);
        Assert.NotEmpty(await ProblemFor(refusedWithoutNote, "note"));
        (await support.PostAsJsonAsync($"/api/device-registrations/{pending.GetProperty("id").GetGuid()}/decision", new { accept = true }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(imei, (await Json(await carla.GetAsync("/api/me/devices", Ct)))[0].GetProperty("imei").GetString());
        Assert.Equal("accepted", (await Json(await carla.GetAsync("/api/me/devices/registrations", Ct)))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_dual_sim_phone_has_two_imeis_and_either_finds_it()
    {
        await MadridWith(5);
        using var buyer = App.Customer("ana");
        var id = (await Json(await Shop.PostKeyed(buyer, "/api/orders", Shop.GuestOrder("ana@example.es")))).GetProperty("id").GetGuid();
        using var orders = await App.Staff(Rollout.Identity.StaffRoles.OrderManager);
        await Shop.PostKeyed(orders, $"/api/orders/{id}/pay");
        await orders.PostAsync($"/api/orders/{id}/allocate", null, Ct);
        var (first, second) = (Shop.NewImei(), Shop.NewImei());

        var same = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T", units = new[] { new { sku = "NOVA8P-BLK-256", imei = first, imei2 = first } } }, Ct);
        var shipped = await orders.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier = "SEUR", trackingNumber = "T", units = new[] { new { sku = "NOVA8P-BLK-256", imei = first, imei2 = second } } }, Ct);
        using var support = await App.Staff(Rollout.Identity.StaffRoles.SupportAgent);
        var found = await Json(await support.GetAsync($"/api/devices?q={second}", Ct));
        var checkedOut = await Json(await App.CreateClient().GetAsync($"/api/warranty/{second}", Ct));

        Assert.NotEmpty(await ProblemFor(same, "units[0].imei2"));
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal((first, second), (found[0].GetProperty("imei").GetString(), found[0].GetProperty("imei2").GetString()));
        Assert.Equal("not_started", checkedOut.GetProperty("status").GetString());
    }

    private static MultipartFormDataContent Form(string imei, string name, string type)
    {
        var file = new ByteArrayContent("%PDF-1.4 receipt"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { new StringContent(imei), "imei" }, { file, "proof", name } };
    }
}

public sealed class SqliteDeviceApiTests() : DeviceApiTests(StorageProvider.Sqlite);

public sealed class PostgresDeviceApiTests() : DeviceApiTests(StorageProvider.Postgres);

/// <summary>The public warranty check is limited per client address, so nobody walks the IMEI space.</summary>
public sealed class WarrantyCheckLimitTests() : ProviderTest(StorageProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Rollout:Limits:PublicLookupsPerMinute"] = "3" };

    [Fact]
    public async Task Lookups_beyond_the_limit_are_told_to_wait()
    {
        var client = App.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetAsync($"/api/warranty/{Shop.NewImei()}", ct));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(20), answers[3].Headers.RetryAfter?.Delta); // A bucket of 3 a minute refills one every 20 s.
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType?.MediaType);
    }
}
