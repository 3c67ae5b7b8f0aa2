using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Tests.Partners;

public abstract class PartnerApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Order(string reference, int quantity, string market = "GB", string sku = "NOVA8P-BLK-256") =>
        new { market, reference, lines = new[] { new { sku, quantity } } };

    [Fact]
    public async Task A_key_is_shown_once_kept_as_a_hash_and_refused_once_revoked()
    {
        var manager = await AfterSales.TrioAllocated(App, 10);
        var issued = await Json(await manager.PostAsJsonAsync("/api/partners/trio-mobile/keys", new { name = "order system" }, Ct));
        var key = issued.GetProperty("key").GetString()!;
        using var partner = App.CreateClient();
        partner.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Partner", key);

        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/api/partner/orders", Ct)).StatusCode);
        var listed = await Json(await manager.GetAsync("/api/partners/trio-mobile/keys", Ct));
        Assert.DoesNotContain(key.Split('.')[1], listed.ToString(), StringComparison.Ordinal);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<RolloutDb>().PartnerKeys.SingleAsync(Ct);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.Split('.')[1])), stored.SecretHash);
        }

        using var wrong = App.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Partner", key[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/partner/orders", Ct)).StatusCode);
        (await manager.DeleteAsync($"/api/partners/trio-mobile/keys/{issued.GetProperty("id").GetString()}", Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync("/api/partner/orders", Ct)).StatusCode);
    }

    [Fact]
    public async Task One_partners_key_gets_nothing_of_anothers()
    {
        var manager = await AfterSales.TrioAllocated(App, 10);
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/channels", new { code = "nordtel", kind = "partner", name = "Nordtel", organisation = "Nordtel AB (fictional)", markets = new[] { "SE" } }, Ct)).EnsureSuccessStatusCode();
        (await manager.PostAsJsonAsync("/api/partners", new { channel = "nordtel", legalName = "Nordtel AB", country = "SE", vatNumber = "SE556677889901", billingEmail = "ap@nordtel.example", address = "Sveavägen 1, 111 57 Stockholm" }, Ct)).EnsureSuccessStatusCode();
        using var trio = await AfterSales.PartnerClient(App, manager);
        using var nordtel = await AfterSales.PartnerClient(App, manager, "nordtel");
        var order = await Json(await trio.PostAsJsonAsync("/api/partner/orders", Order("TRIO-1", 2), Ct));
        var id = order.GetProperty("id").GetGuid();
        (await manager.PostAsync($"/api/partner-orders/{id}/confirm", null, Ct)).EnsureSuccessStatusCode();
        var imeis = (await Json(await manager.PostAsJsonAsync($"/api/partner-orders/{id}/ship", new { carrier = "DHL", trackingNumber = "D1", units = Shop.UnitsOf(order) }, Ct)))
            .GetProperty("devicesShipped").GetInt32();
        Assert.Equal(2, imeis);
        var trioDevice = (await Json(await trio.GetAsync("/api/partner/devices", Ct)))[0].GetProperty("imei").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await nordtel.GetAsync($"/api/partner/orders/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nordtel.GetAsync($"/api/partner/orders/{id}/invoice", Ct)).StatusCode);
        Assert.Empty((await Json(await nordtel.GetAsync("/api/partner/orders", Ct))).EnumerateArray());
        Assert.Empty((await Json(await nordtel.GetAsync("/api/partner/devices", Ct))).EnumerateArray());
        Assert.Empty((await Json(await nordtel.GetAsync("/api/partner/sell-through", Ct))).EnumerateArray());
        Assert.NotEmpty(await ProblemFor(await nordtel.PostAsJsonAsync("/api/partner/sell-through", new { items = new[] { new { imei = trioDevice, soldOn = TestClock.Iso(TestClock.Date(zone: "Europe/London")) } } }, Ct), "items[0].imei"));
        Assert.Equal(HttpStatusCode.NotFound, (await nordtel.PostAsJsonAsync("/api/tickets", new { imei = trioDevice, problem = "Does not charge at all." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nordtel.GetAsync($"/api/partner-orders/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nordtel.GetAsync("/api/partners", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nordtel.PostAsync($"/api/partner-orders/{id}/invoice", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nordtel.GetAsync("/api/devices", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nordtel.GetAsync("/api/me/devices", Ct)).StatusCode);
        var ticket = await Json(await trio.PostAsJsonAsync("/api/tickets", new { imei = trioDevice, problem = "Does not charge at all." }, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await nordtel.GetAsync($"/api/tickets/{ticket.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        Assert.Equal("partner", ticket.GetProperty("via").GetString());
        Assert.Equal("gb-london-repairs", ticket.GetProperty("centre").GetString());
    }

    [Fact]
    public async Task Concurrent_orders_never_take_more_than_the_allocation()
    {
        var manager = await AfterSales.TrioAllocated(App, 50);
        using var trio = await AfterSales.PartnerClient(App, manager);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => trio.PostAsJsonAsync("/api/partner/orders", Order($"PO-{i}", 3), Ct)));

        Assert.Equal(16, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(8, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("partner_order.over_allocation", (await Json(refused)).GetProperty("code").GetString());
        }

        var allocation = (await Json(await trio.GetAsync("/api/partner/allocations", Ct))).EnumerateArray().Single();
        Assert.Equal(("trio-mobile", 48, 2), (allocation.GetProperty("channel").GetString(), allocation.GetProperty("sold").GetInt32(), allocation.GetProperty("available").GetInt32()));
        Assert.Equal(16, (await Json(await trio.GetAsync("/api/partner/orders", Ct))).GetArrayLength());
    }

    [Fact]
    public async Task Orders_outside_the_partners_markets_or_listings_are_refused()
    {
        var manager = await AfterSales.TrioAllocated(App, 10);
        using var trio = await AfterSales.PartnerClient(App, manager);

        var france = await trio.PostAsJsonAsync("/api/partner/orders", Order("A", 1, market: "FR"), Ct);
        var unlisted = await trio.PostAsJsonAsync("/api/partner/orders", Order("B", 1, sku: "VAC-S1-WHT"), Ct);
        var tooMany = await trio.PostAsJsonAsync("/api/partner/orders", Order("C", 11), Ct);
        var placed = await trio.PostAsJsonAsync("/api/partner/orders", Order("D", 1), Ct);
        var sameReference = await trio.PostAsJsonAsync("/api/partner/orders", Order("D", 1), Ct);
        var nullLine = await trio.PostAsJsonAsync("/api/partner/orders", new { market = "GB", reference = "E", lines = new object?[] { null } }, Ct);
        var nullRow = await trio.PostAsJsonAsync("/api/partner/sell-through", new { items = new object?[] { null } }, Ct);

        Assert.Contains("does not sell in FR", (await ProblemFor(france, "market"))[0], StringComparison.Ordinal);
        var prices = (await Json(await trio.GetAsync("/api/partner/prices?market=GB", Ct))).EnumerateArray().ToDictionary(p => p.GetProperty("sku").GetString()!);
        Assert.Equal(470.79m, prices["NOVA8P-BLK-256"].GetProperty("net").GetDecimal()); // the demo's wholesale price, net of VAT
        Assert.DoesNotContain("VAC-S1-WHT", prices.Keys);
        Assert.NotEmpty(await ProblemFor(await trio.GetAsync("/api/partner/prices?market=FR", Ct), "market"));
        Assert.Contains("not listed for you", (await ProblemFor(unlisted, "lines[0].sku"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal("partner_order.reference", (await Json(sameReference)).GetProperty("code").GetString());
        Assert.NotEmpty(await ProblemFor(nullLine, "lines"));
        Assert.NotEmpty(await ProblemFor(nullRow, "items"));
    }

    [Fact]
    public async Task An_order_is_confirmed_shipped_with_imeis_invoiced_and_sold_through()
    {
        var manager = await AfterSales.TrioAllocated(App, 10);
        using var trio = await AfterSales.PartnerClient(App, manager);
        var gb = await Json(await trio.PostAsJsonAsync("/api/partner/orders", Order("GB-1", 2), Ct));
        var ie = await Json(await trio.PostAsJsonAsync("/api/partner/orders", Order("IE-1", 1, market: "IE"), Ct));

        async Task<JsonElement> Through(JsonElement order)
        {
            var id = order.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.Conflict, (await manager.PostAsJsonAsync($"/api/partner-orders/{id}/ship", new { carrier = "DHL", trackingNumber = "D", units = Shop.UnitsOf(order) }, Ct)).StatusCode);
            (await manager.PostAsync($"/api/partner-orders/{id}/confirm", null, Ct)).EnsureSuccessStatusCode();
            (await manager.PostAsJsonAsync($"/api/partner-orders/{id}/ship", new { carrier = "DHL", trackingNumber = "D", units = Shop.UnitsOf(order) }, Ct)).EnsureSuccessStatusCode();
            return await Json(await manager.PostAsync($"/api/partner-orders/{id}/invoice", null, Ct));
        }

        var gbInvoice = (await Through(gb)).GetProperty("invoice");
        var ieInvoice = (await Through(ie)).GetProperty("invoice");

        // Britain is outside the EU: an export. Ireland is another member state and Trio has a VAT number: reverse charge.
        Assert.Equal("export", gbInvoice.GetProperty("treatment").GetString());
        Assert.Equal(0m, gbInvoice.GetProperty("vat").GetDecimal());
        Assert.Equal(gb.GetProperty("net").GetDecimal(), gbInvoice.GetProperty("total").GetDecimal());
        Assert.Equal("reverse_charge", ieInvoice.GetProperty("treatment").GetString());
        Assert.Contains("IE9999999X", ieInvoice.GetProperty("mention").GetString(), StringComparison.Ordinal);
        var document = await trio.GetStringAsync($"/api/partner/orders/{ie.GetProperty("id").GetGuid()}/invoice", Ct);
        Assert.Contains("Reverse charge", document, StringComparison.Ordinal);
        Assert.Contains("Trio Telecom Group", document, StringComparison.Ordinal);
        Assert.Contains("Grand Canal Square", document, StringComparison.Ordinal);

        var devices = (await Json(await trio.GetAsync("/api/partner/devices", Ct))).EnumerateArray().ToList();
        Assert.Equal(3, devices.Count);
        Assert.All(devices, d => Assert.Equal("not_started", d.GetProperty("warranty").GetProperty("status").GetString()));
        var gbImei = devices.First(d => d.GetProperty("market").GetString() == "GB").GetProperty("imei").GetString()!;
        var future = await trio.PostAsJsonAsync("/api/partner/sell-through", new { items = new[] { new { imei = gbImei, soldOn = TestClock.Iso(TestClock.Date(zone: "Europe/London")) }, new { imei = Shop.NewImei(), soldOn = TestClock.Iso(TestClock.Date(zone: "Europe/London")) } } }, Ct);
        Assert.NotEmpty(await ProblemFor(future, "items[1].imei"));
        Assert.Equal("not_started", (await Json(await App.CreateClient().GetAsync($"/api/warranty/{gbImei}", Ct))).GetProperty("status").GetString());

        var reported = await Json(await trio.PostAsJsonAsync("/api/partner/sell-through", new { items = new[] { new { imei = gbImei, soldOn = TestClock.Iso(TestClock.Date(zone: "Europe/London")) } } }, Ct));
        Assert.Equal(1, reported.GetProperty("reported").GetInt32());
        var warranty = await Json(await App.CreateClient().GetAsync($"/api/warranty/{gbImei}", Ct));
        Assert.Equal("in_warranty", warranty.GetProperty("status").GetString());
        Assert.Contains("Consumer Rights Act 2015", warranty.GetProperty("rule").GetString(), StringComparison.Ordinal);
        var figures = (await Json(await manager.GetAsync("/api/partners/sell-through", Ct))).EnumerateArray().ToDictionary(r => r.GetProperty("market").GetString()!);
        Assert.Equal((2, 1), (figures["GB"].GetProperty("sellIn").GetInt32(), figures["GB"].GetProperty("sellThrough").GetInt32()));
        Assert.Equal((1, 0), (figures["IE"].GetProperty("sellIn").GetInt32(), figures["IE"].GetProperty("sellThrough").GetInt32()));
        var hub = (await Json(await manager.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=gb-hub", Ct)))[0];
        Assert.Equal(7, hub.GetProperty("onHand").GetInt32());
    }
}

public sealed class SqlitePartnerApiTests() : PartnerApiTests(StorageProvider.Sqlite);

public sealed class PostgresPartnerApiTests() : PartnerApiTests(StorageProvider.Postgres);

/// <summary>Each partner's key has its own budget of requests: one partner at its limit does not slow another.</summary>
public sealed class PartnerRateLimitTests() : ProviderTest(StorageProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Rollout:Limits:PartnerRequestsPerMinute"] = "3" };

    [Fact]
    public async Task A_partner_over_its_budget_waits_while_another_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var manager = await AfterSales.TrioAllocated(App, 1);
        var admin = await App.Admin();
        (await admin.PostAsJsonAsync("/api/channels", new { code = "nordtel", kind = "partner", name = "Nordtel", organisation = "Nordtel AB (fictional)", markets = new[] { "SE" } }, ct)).EnsureSuccessStatusCode();
        (await manager.PostAsJsonAsync("/api/partners", new { channel = "nordtel", legalName = "Nordtel AB", country = "SE", billingEmail = "ap@nordtel.example", address = "Sveavägen 1, Stockholm" }, ct)).EnsureSuccessStatusCode();
        using var trio = await AfterSales.PartnerClient(App, manager);
        using var nordtel = await AfterSales.PartnerClient(App, manager, "nordtel");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await trio.GetAsync("/api/partner/orders", ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, (await nordtel.GetAsync("/api/partner/orders", ct)).StatusCode);
    }
}
