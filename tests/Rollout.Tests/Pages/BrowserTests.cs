using System.Net.Http.Json;
using Microsoft.Playwright;
using Rollout.Storage;

namespace Rollout.Tests.Pages;

/// <summary>
/// The pages in a real browser (Debian's Chromium, which scripts/test installs). Screenshots go to the test's
/// folder, and to ROLLOUT_SCREENSHOTS when that names a folder (docs/ keeps the ones the README shows).
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private RolloutApp app = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.Create(StorageProvider.Sqlite, TestData.Demo);
        app = RolloutApp.Start(database, kestrel: true);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private async Task<IPage> Open(string path)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        await page.GotoAsync(new Uri(app.Address!, path).ToString());
        return page;
    }

    private async Task Screenshot(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(database.Folder, name), FullPage = false });
        if (Environment.GetEnvironmentVariable("ROLLOUT_SCREENSHOTS") is { Length: > 0 } folder)
        {
            File.Copy(Path.Combine(database.Folder, name), Path.Combine(folder, name), overwrite: true);
        }
    }

    [Fact]
    public async Task A_customer_registers_waits_in_the_room_wins_at_the_opening_pays_and_sees_the_order_while_staff_watch_it_live()
    {
        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 10 }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 5 }, Ct)).EnsureSuccessStatusCode();
        // The sale opens an hour from now in Madrid, registration closing half an hour before.
        var madrid = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var opening = NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).Plus(NodaTime.Duration.FromHours(1)).InZone(madrid);
        string Local(NodaTime.ZonedDateTime at) => WallClock.Format(at.LocalDateTime);
        (await admin.PostAsJsonAsync("/api/launches", new { code = "es-nova-night", market = "ES", startsAt = Local(opening), venue = "Gran Vía, Madrid", description = "Lumio Nova 8 Pro: launch night in Madrid" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/launches/es-nova-night/sales", new
        {
            code = "es-nova-drop", sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 3, price = 499m,
            opensAt = Local(opening), closesAt = Local(opening.PlusHours(2)), perCustomerLimit = 1, registrationDeadline = Local(opening.PlusMinutes(-30)), holdMinutes = 10,
        }, Ct)).EnsureSuccessStatusCode();

        // Before the opening (an hour before, in Madrid): sign up, register for the sale, wait in the room with the countdown running.
        var page = await Open("/es/account");
        await page.FillAsync("form[action*=Register] input[name=name]", "Lucía Pérez");
        await page.FillAsync("form[action*=Register] input[name=email]", "lucia@example.es");
        await page.FillAsync("form[action*=Register] input[name=password]", "Customer-Pass-1");
        await page.ClickAsync("form[action*=Register] button");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Mis pedidos");
        await page.GotoAsync(new Uri(app.Address!, "/es/launches/es-nova-night").ToString());
        var sale = page.Locator("section.sale[data-sale=es-nova-drop]");
        await Assertions.Expect(sale.Locator(".countdown .clock")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^01:00:0\\d|^00:59:5\\d"));
        await Assertions.Expect(sale.Locator(".hint").First).ToContainTextAsync($"{opening.ToString("d MMMM HH:mm", System.Globalization.CultureInfo.GetCultureInfo("es-ES"))} (Europe/Madrid)");
        await sale.Locator("form.register button").ClickAsync();
        await Assertions.Expect(sale.Locator(".registered")).ToContainTextAsync("Estás inscrito");
        await sale.Locator("form.join button").ClickAsync();
        await Assertions.Expect(sale.Locator(".in-room")).ToContainTextAsync("sala de espera");
        await Screenshot(page, "storefront-launch.png");

        // The opening: the draw puts her first; her turn; she claims and wins, then checks out at the launch price.
        app.Clock.SetUtcNow(opening.ToDateTimeOffset().AddSeconds(1));
        await page.ReloadAsync();
        await Assertions.Expect(sale).ToHaveAttributeAsync("data-state", "open");
        await Assertions.Expect(sale.Locator(".room .place")).ToHaveTextAsync("1");
        await Assertions.Expect(sale.Locator(".your-turn")).ToBeVisibleAsync();
        await sale.Locator("form.claim button").ClickAsync();
        await Assertions.Expect(sale.Locator(".won-claim[data-status=won]")).ToContainTextAsync("¡Has conseguido uno!");
        await Assertions.Expect(sale.Locator("form.claim")).ToHaveCountAsync(0); // One per customer: nothing more to claim.
        await Assertions.Expect(sale.Locator(".units-left")).ToHaveTextAsync("2");
        var checkout = sale.Locator("form.claim-checkout");
        await checkout.Locator("input[name=name]").FillAsync("Lucía Pérez");
        await checkout.Locator("input[name=line1]").FillAsync("Calle de Alcalá 10");
        await checkout.Locator("input[name=postalCode]").FillAsync("28014");
        await checkout.Locator("input[name=city]").FillAsync("Madrid");
        await checkout.Locator("input[name=payment][value=card]").CheckAsync();
        await Screenshot(page, "storefront-launch-won.png");
        await checkout.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "placed");
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        admin = await app.Admin(); // An hour on: the first token has run out.
        var order = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/orders/{id}", Ct);
        Assert.Equal(499m, order.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal());
        (await Shop.CardWebhook(app.CreateClient(), order.GetProperty("payment").GetProperty("reference").GetString()!, order.GetProperty("total").GetDecimal(), app.Clock.GetUtcNow())).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "paid");
        await page.GotoAsync(new Uri(app.Address!, "/es/account").ToString());
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync(order.GetProperty("number").GetString()!);

        // Staff watch the sale live: units left, paid orders, the chart of the last minute (the claim's second now in it).
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        var console = await Open("/admin/launches");
        await console.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await console.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await console.ClickAsync("button[type=submit]");
        await console.GotoAsync(new Uri(app.Address!, "/admin/launches").ToString());
        await console.ClickAsync("a >> text=es-nova-drop");
        await Assertions.Expect(console.Locator("#units-left")).ToHaveTextAsync("2");
        await Assertions.Expect(console.Locator("#orders-paid")).ToHaveTextAsync("1");
        await Assertions.Expect(console.Locator("figure.chart polyline.won")).ToHaveCountAsync(1);
        (await admin.PostAsync("/api/sales/es-nova-drop/registrations", null, Ct)).Dispose(); // Staff are no customers: refused, nothing changes.
        await Screenshot(console, "console-launch.png");
    }

    [Fact]
    public async Task A_shopper_sees_Spain_on_sale_and_France_coming_soon()
    {
        var spain = await Open("/es");
        await Assertions.Expect(spain.Locator(".product h2").First).ToBeVisibleAsync();
        Assert.Equal(5, await spain.Locator(".product").CountAsync());
        await Screenshot(spain, "storefront-es.png");

        var france = await Open("/fr");
        await Assertions.Expect(france.Locator(".coming-soon h1")).ToHaveTextAsync("Bientôt disponible");
        await Screenshot(france, "storefront-fr.png");

        await spain.SelectOptionAsync("select[name=channel]", "es-barcelona-gracia");
        await Assertions.Expect(spain).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("channel=es-barcelona-gracia"));
        Assert.Equal(5, await spain.Locator(".product").CountAsync());
    }

    [Fact]
    public async Task Issue_14_signing_out_of_the_console_ends_the_session_so_a_copied_cookie_is_refused()
    {
        var page = await Open("/admin/login");
        await page.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await page.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        var copied = (await page.Context.CookiesAsync()).Single(c => c.Name == FormPages.AuthCookieName);

        // Another browser with the copied cookie is signed in, until the owner signs out.
        var thief = await browser.NewContextAsync();
        await thief.AddCookiesAsync([new Cookie { Name = copied.Name, Value = copied.Value, Domain = copied.Domain, Path = copied.Path }]);
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync(new Uri(app.Address!, "/admin/markets").ToString());
        await Assertions.Expect(stolen.Locator("h1")).ToContainTextAsync("Markets");

        await page.ClickAsync("form.who button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Staff sign-in");

        await stolen.GotoAsync(new Uri(app.Address!, "/admin/markets").ToString());
        await Assertions.Expect(stolen).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await Assertions.Expect(stolen.Locator("h1")).ToHaveTextAsync("Staff sign-in");
        await page.GotoAsync(new Uri(app.Address!, "/admin").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await thief.DisposeAsync();
    }

    [Fact]
    public async Task Staff_sign_in_to_the_console_see_the_markets_and_schedule_an_opening()
    {
        var page = await Open("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));

        await page.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await page.FillAsync("input[name=password]", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("wrong");

        await page.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await page.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");

        await page.ClickAsync("nav >> text=Markets");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("Europe/Paris");
        await page.SelectOptionAsync("select[name=code]", "IT");
        var skipped = TestClock.NextSkippedTime("Europe/Rome");
        await page.FillAsync("input[name=opensAt]", skipped);
        await page.ClickAsync("form.inline button");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("does not exist in Europe/Rome");
        await Assertions.Expect(page.Locator("select[name=code]")).ToHaveValueAsync("IT");
        await Assertions.Expect(page.Locator("input[name=opensAt]")).ToHaveValueAsync(skipped);
        await Screenshot(page, "console-markets.png");

        await page.ClickAsync("nav >> text=Catalog");
        await Assertions.Expect(page.Locator("table.matrix")).ToContainTextAsync("NOVA8P-BLK-256");
        await Screenshot(page, "console-catalog.png");

        await page.ClickAsync("nav >> text=Pricing");
        await Assertions.Expect(page.Locator("table.margins")).ToContainTextAsync("NOVA8P-BLK-256");
        Assert.Equal(0, await page.Locator("tr.flagged").CountAsync());
        await page.SelectOptionAsync("select[name=market]", "GB");
        await Assertions.Expect(page.Locator("table.margins")).ToContainTextAsync("trio-mobile");
        await Screenshot(page, "console-pricing.png");

        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = 50, reference = "ASN-1" }, Ct)).EnsureSuccessStatusCode();
        var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(Shop.GuestOrder(quantity: 2, sku: "NOVA8-BLK-128")),
            Headers = { { "Idempotency-Key", "browser-1" } },
        };
        (await app.CreateClient().SendAsync(checkout, Ct)).EnsureSuccessStatusCode();

        await page.ClickAsync("nav >> text=Stock");
        await Assertions.Expect(page.Locator("table.grid").First).ToContainTextAsync("madrid-dc");
        await Assertions.Expect(page.Locator("table.grid").Last).ToContainTextAsync("ASN-1");
        await page.ClickAsync("nav >> text=Orders");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("2 × NOVA8-BLK-128");
    }

    [Fact]
    public async Task A_guest_buys_a_phone_in_the_Spanish_store_pays_by_card_and_staff_see_it_paid()
    {
        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 5 }, Ct)).EnsureSuccessStatusCode();

        var page = await Open("/es");
        await page.ClickAsync(".product[data-product=nova-8-pro] a.button");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Lumio Nova 8 Pro");
        await page.CheckAsync("input[name=sku][value=NOVA8P-BLK-256]");
        await Screenshot(page, "storefront-product.png");
        await page.ClickAsync("form.buy button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/es/cart$"));
        await Assertions.Expect(page.Locator("tr[data-sku=NOVA8P-BLK-256]")).ToContainTextAsync("Reservado para ti hasta las");
        await page.ClickAsync("a.button >> text=Finalizar compra");

        await page.FillAsync("input[name='Form.Email']", "ana@example.es");
        await page.FillAsync("input[name='Form.Name']", "Ana García");
        await page.FillAsync("input[name='Form.Line1']", "Calle Mayor 1");
        await page.FillAsync("input[name='Form.PostalCode']", "28013");
        await page.FillAsync("input[name='Form.City']", "Madrid");
        await page.CheckAsync("input[name='Form.Shipping'][value=express]");
        await page.CheckAsync("input[name='Form.Payment'][value=card]");
        await Screenshot(page, "storefront-checkout.png");
        await page.ClickAsync("#checkout button[type=submit]");

        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "placed");
        await Assertions.Expect(page.Locator("#awaiting")).ToBeVisibleAsync();
        var id = Guid.Parse(page.Url.Split('/')[^1]);
        var order = await app.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/orders/{id}", Ct);
        Assert.Equal(9.95m, order.GetProperty("shipping").GetProperty("total").GetDecimal());

        var paid = await Shop.CardWebhook(app.CreateClient(), order.GetProperty("payment").GetProperty("reference").GetString()!, order.GetProperty("total").GetDecimal(), app.Clock.GetUtcNow());
        paid.EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "paid");
        await Screenshot(page, "storefront-order.png");

        var console = await Open("/admin/orders");
        await console.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await console.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await console.ClickAsync("button[type=submit]");
        await console.GotoAsync(new Uri(app.Address!, "/admin/orders").ToString());
        await console.ClickAsync($"a >> text={order.GetProperty("number").GetString()}");
        await Assertions.Expect(console.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "paid");
        await Assertions.Expect(console.Locator("table.history")).ToContainTextAsync("paid by card");
        await Assertions.Expect(console.Locator("table.mails")).ToContainTextAsync("recibido");
        await console.ClickAsync("button >> text=Mark picked");
        await Assertions.Expect(console.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "allocated");
        await Screenshot(console, "console-order.png");
    }

    [Fact]
    public async Task A_customer_registers_collects_at_a_store_finds_the_order_in_my_orders_and_withdraws_after_delivery()
    {
        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "BAND5-BLK", location = "madrid-dc", quantity = 5 }, Ct)).EnsureSuccessStatusCode();

        var page = await Open("/es/account");
        await page.FillAsync("form[action*=Register] input[name=name]", "Ana García");
        await page.FillAsync("form[action*=Register] input[name=email]", "ana@example.es");
        await page.FillAsync("form[action*=Register] input[name=password]", "Customer-Pass-1");
        await page.ClickAsync("form[action*=Register] button");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Mis pedidos");

        await page.FillAsync("form[action*=AddAddress] input[name=name]", "Ana García");
        await page.FillAsync("form[action*=AddAddress] input[name=line1]", "Calle Mayor 1");
        await page.FillAsync("form[action*=AddAddress] input[name=postalCode]", "28013");
        await page.FillAsync("form[action*=AddAddress] input[name=city]", "Madrid");
        await page.ClickAsync("form[action*=AddAddress] button");
        await Assertions.Expect(page.Locator("ul.addresses")).ToContainTextAsync("Calle Mayor 1");

        await page.GotoAsync(new Uri(app.Address!, "/es/p/band-5").ToString());
        await page.ClickAsync("form.buy button[type=submit]");
        await page.ClickAsync("a.button >> text=Finalizar compra");
        await Assertions.Expect(page.Locator("input[name='Form.Email']")).ToHaveValueAsync("ana@example.es");
        await Assertions.Expect(page.Locator("input[name='Form.Line1']")).ToHaveValueAsync("Calle Mayor 1");
        await page.CheckAsync("input[name='Form.Shipping'][value=pickup]");
        await page.SelectOptionAsync("select[name='Form.PickupStore']", "es-madrid-gran-via");
        await page.CheckAsync("input[name='Form.Payment'][value=pay-at-store]");
        await page.ClickAsync("#checkout button[type=submit]");
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "placed");
        var id = Guid.Parse(page.Url.Split('/')[^1]);

        await page.ClickAsync("nav >> text=Mis pedidos");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("placed");

        foreach (var step in new[] { "pay", "allocate" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{id}/{step}") { Headers = { { "Idempotency-Key", $"{step}-1" } } };
            (await admin.SendAsync(request, Ct)).EnsureSuccessStatusCode();
        }

        (await Shop.Ship(admin, id, "store", "COLLECT-1")).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/orders/{id}/deliver", null, Ct)).EnsureSuccessStatusCode();
        await page.GotoAsync(new Uri(app.Address!, $"/es/orders/{id}").ToString());
        await Assertions.Expect(page.Locator("aside")).ToContainTextAsync("Puedes desistir de esta compra hasta el");
        await page.ClickAsync("button >> text=Desistir de la compra");
        await Assertions.Expect(page.Locator("aside .notice").Last).ToContainTextAsync("Desistimiento recibido el");
    }

    [Fact]
    public async Task A_customer_buys_a_phone_in_Spain_it_is_delivered_they_open_a_repair_ticket_staff_repair_it_and_the_customer_reads_the_timeline()
    {
        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 5 }, Ct)).EnsureSuccessStatusCode();

        // The customer registers and buys a Nova 8 Pro in the Spanish store, paying by bank transfer.
        var page = await Open("/es/account");
        await page.FillAsync("form[action*=Register] input[name=name]", "Ana García");
        await page.FillAsync("form[action*=Register] input[name=email]", "ana@example.es");
        await page.FillAsync("form[action*=Register] input[name=password]", "Customer-Pass-1");
        await page.ClickAsync("form[action*=Register] button");
        await page.GotoAsync(new Uri(app.Address!, "/es/p/nova-8-pro").ToString());
        await page.CheckAsync("input[name=sku][value=NOVA8P-BLK-256]");
        await page.ClickAsync("form.buy button[type=submit]");
        await page.ClickAsync("a.button >> text=Finalizar compra");
        await page.FillAsync("input[name='Form.Name']", "Ana García");
        await page.FillAsync("input[name='Form.Line1']", "Calle Mayor 1");
        await page.FillAsync("input[name='Form.PostalCode']", "28013");
        await page.FillAsync("input[name='Form.City']", "Madrid");
        await page.CheckAsync("input[name='Form.Shipping'][value=standard]");
        await page.CheckAsync("input[name='Form.Payment'][value=bank-transfer]");
        await page.ClickAsync("#checkout button[type=submit]");
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "placed");
        var order = Guid.Parse(page.Url.Split('/')[^1]);

        // Staff confirm the transfer and pick the phone, then ship it from the console with its IMEI and mark it delivered.
        foreach (var step in new[] { "pay", "allocate" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{order}/{step}") { Headers = { { "Idempotency-Key", $"{step}-1" } } };
            (await admin.SendAsync(request, Ct)).EnsureSuccessStatusCode();
        }

        var console = await Open("/admin/login");
        await console.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await console.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await console.ClickAsync("button[type=submit]");
        await console.GotoAsync(new Uri(app.Address!, $"/admin/orders/{order}").ToString());
        var imei = Shop.NewImei();
        await console.FillAsync("input[name=carrier]", "SEUR");
        await console.FillAsync("input[name=trackingNumber]", "SEUR-77");
        await console.FillAsync("input[name=identity]", imei[..14] + (imei[14] == '0' ? '1' : '0'));
        await console.ClickAsync("button >> text=Ship");
        await Assertions.Expect(console.Locator(".error")).ToContainTextAsync("Luhn");
        await console.FillAsync("input[name=carrier]", "SEUR");
        await console.FillAsync("input[name=trackingNumber]", "SEUR-77");
        await console.FillAsync("input[name=identity]", imei);
        await console.ClickAsync("button >> text=Ship");
        await console.ClickAsync("button >> text=Mark delivered");

        // The phone is in "my devices", in warranty by Spanish law plus the brand's year; the customer asks for a repair.
        await page.ClickAsync("nav >> text=Mis dispositivos");
        var device = page.Locator($"li.device[data-imei='{imei}']");
        await Assertions.Expect(device).ToContainTextAsync("En garantía");
        await Assertions.Expect(device).ToContainTextAsync(TestClock.Date().PlusMonths(48).PlusDays(-1).ToString("d 'de' MMMM 'de' yyyy", System.Globalization.CultureInfo.GetCultureInfo("es-ES")));
        await Screenshot(page, "storefront-devices.png");
        await device.Locator("a.button").ClickAsync();
        await page.FillAsync("textarea[name=problem]", "La pantalla parpadea al ver vídeos.");
        await page.SetInputFilesAsync("input[name=photo]", new FilePayload { Name = "pantalla.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] });
        await page.ClickAsync("form button[type=submit]");
        await Assertions.Expect(page.Locator("#ticket-status")).ToHaveTextAsync("abierta");
        await Assertions.Expect(page.Locator("p.ok")).ToContainTextAsync("Reparación gratuita");
        var ticket = page.Url.Split('/')[^1];

        // Staff find it in the Madrid centre's queue and move it to repaired.
        await console.ClickAsync("nav >> text=Support");
        await Screenshot(console, "console-support.png");
        await console.ClickAsync($"#queue a[href='/admin/tickets/{ticket}']");
        await console.ClickAsync("button[value=received]");
        await console.ClickAsync("button[value=diagnosed]");
        await Assertions.Expect(console.Locator(".error")).ToContainTextAsync("note: Write what was found");
        await console.FillAsync("input[name=note]", "Conector de pantalla suelto");
        await console.ClickAsync("button[value=diagnosed]");
        await console.FillAsync("input[name=note]", "Conector fijado y probado 2 horas");
        await console.ClickAsync("button[value=repaired]");
        await Assertions.Expect(console.Locator("#ticket-status")).ToHaveTextAsync("repaired");
        await Screenshot(console, "console-ticket.png");

        // The customer reads the timeline.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#ticket-status")).ToHaveTextAsync("reparado");
        await Assertions.Expect(page.Locator("#timeline li")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#timeline li[data-step=diagnosed]")).ToContainTextAsync("Conector de pantalla suelto");
        await Assertions.Expect(page.Locator("#timeline li[data-step=repaired]")).ToContainTextAsync("Conector fijado y probado 2 horas");
        await Assertions.Expect(page.Locator("#timeline li[data-step=repaired]")).ToContainTextAsync("servicio técnico");
        await Screenshot(page, "storefront-ticket.png");
    }

    [Fact]
    public async Task A_partner_manager_issues_a_key_confirms_ships_and_invoices_a_partner_order_in_the_console()
    {
        var manager = await AfterSales.TrioAllocated(app, 10);
        using var trio = await AfterSales.PartnerClient(app, manager);
        var order = await trio.PostAsJsonAsync("/api/partner/orders", new { market = "IE", reference = "TRIO-IE-9", lines = new[] { new { sku = "NOVA8P-BLK-256", quantity = 2 } } }, Ct);
        order.EnsureSuccessStatusCode();

        var page = await Open("/admin/login");
        await page.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await page.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("nav >> text=Partners");
        await page.FillAsync("form[action*=Issue] input[name=name]", "order system");
        await page.ClickAsync("form[action*=Issue] button");
        await Assertions.Expect(page.Locator("#issued-key")).ToContainTextAsync("Authorization: Partner pk_");

        await page.ClickAsync("#partner-orders button >> text=Confirm");
        var (first, second) = (Shop.NewImei(), Shop.NewImei());
        var identities = page.Locator("#partner-orders input[name=identity]");
        await Assertions.Expect(identities).ToHaveCountAsync(2);
        await page.FillAsync("#partner-orders input[name=carrier]", "DHL");
        await page.FillAsync("#partner-orders input[name=trackingNumber]", "DHL-IE-9");
        await identities.Nth(0).FillAsync(first);
        await identities.Nth(1).FillAsync(second);
        await page.ClickAsync("#partner-orders button >> text=Ship");
        await page.ClickAsync("#partner-orders button >> text=Invoice");
        await Assertions.Expect(page.Locator("#partner-orders")).ToContainTextAsync("reverse charge");

        (await trio.PostAsJsonAsync("/api/partner/sell-through", new { items = new[] { new { imei = first, soldOn = TestClock.Iso(TestClock.Date(zone: "Europe/Dublin")) } } }, Ct)).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#sell-through")).ToContainTextAsync("1 sold (50%)");
        await Screenshot(page, "console-partners.png");
        var invoice = await page.Context.RunAndWaitForPageAsync(() => page.ClickAsync("#partner-orders a >> text=INV-"));
        await Assertions.Expect(invoice.Locator("body")).ToContainTextAsync("Reverse charge");
        await Assertions.Expect(invoice.Locator("body")).ToContainTextAsync("IE9999999X");
    }

    [Fact]
    public async Task A_price_that_changes_while_the_buyer_checks_out_is_shown_once_then_charged()
    {
        var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 5 }, Ct)).EnsureSuccessStatusCode();
        var page = await Open("/es/p/nova-8-pro");
        await page.ClickAsync("form.buy button[type=submit]");
        await page.GotoAsync(new Uri(app.Address!, "/es/checkout").ToString());
        await page.FillAsync("input[name='Form.Email']", "ana@example.es");
        await page.FillAsync("input[name='Form.Name']", "Ana García");
        await page.FillAsync("input[name='Form.Line1']", "Calle Mayor 1");
        await page.FillAsync("input[name='Form.PostalCode']", "28013");
        await page.FillAsync("input[name='Form.City']", "Madrid");
        await page.CheckAsync("input[name='Form.Shipping'][value=standard]");

        // Meanwhile the price drops.
        (await admin.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = 659.99m, currency = "EUR" }, Ct)).EnsureSuccessStatusCode();
        await page.ClickAsync("#checkout button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("Los precios han cambiado");
        await Assertions.Expect(page.Locator("aside.summary")).ToContainTextAsync("659,99");

        await page.ClickAsync("#checkout button[type=submit]");
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveAttributeAsync("data-status", "placed");
        await Assertions.Expect(page.Locator("table.grid tfoot")).ToContainTextAsync("659,99");
    }
}
