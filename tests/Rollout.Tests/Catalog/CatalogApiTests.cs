using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Catalog;

public abstract class CatalogApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static readonly DateTimeOffset FranceOpens = TestClock.NextYearly(5, 22, 10, "Europe/Paris").ToDateTimeOffset();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Products(JsonElement catalog) =>
        [.. catalog.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];

    private static string[] Skus(JsonElement catalog) =>
        [.. catalog.GetProperty("products").EnumerateArray().SelectMany(p => p.GetProperty("variants").EnumerateArray()).Select(v => v.GetProperty("sku").GetString()!)];

    [Fact]
    public async Task France_catalog_is_empty_until_the_second_France_opens()
    {
        var client = App.CreateClient();
        App.Clock.SetUtcNow(FranceOpens.AddSeconds(-1));

        var before = await Json(await client.GetAsync("/api/catalog/FR", Ct));
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await Json(await client.GetAsync("/api/catalog/FR", Ct));

        Assert.Equal("planned", before.GetProperty("marketStatus").GetString());
        Assert.Empty(Products(before));
        Assert.Equal("live", after.GetProperty("marketStatus").GetString());
        Assert.Equal(["nova-8", "nova-8-pro", "band-5", "home-hub"], Products(after));
    }

    [Fact]
    public async Task Spain_sells_everything_online_and_in_its_stores()
    {
        var client = App.CreateClient();

        var online = await Json(await client.GetAsync("/api/catalog/ES", Ct));
        var madrid = await Json(await client.GetAsync("/api/catalog/ES?channel=es-madrid-gran-via", Ct));

        Assert.Equal("es-online", online.GetProperty("channel").GetString());
        Assert.Equal(7, Skus(online).Length);
        Assert.Equal(Skus(online), Skus(madrid));
    }

    [Fact]
    public async Task A_catalog_through_a_channel_that_does_not_sell_in_the_market_is_refused()
    {
        var response = await App.CreateClient().GetAsync("/api/catalog/FR?channel=es-online", Ct);

        Assert.Contains("does not sell in FR", (await ProblemFor(response, "channel"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_partner_sells_in_GB_only_what_holds_UKCA()
    {
        var gb = await Json(await App.CreateClient().GetAsync("/api/catalog/GB?channel=trio-mobile", Ct));

        Assert.Equal(["nova-8", "nova-8-pro", "band-5"], Products(gb));
    }

    [Fact]
    public async Task Listing_in_a_market_whose_certification_the_variant_lacks_is_refused_and_nothing_is_written()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var response = await manager.PutAsJsonAsync("/api/listings", new { sku = "VAC-S1-WHT", market = "GB", channel = "trio-mobile" }, Ct);

        Assert.Contains("UKCA", (await ProblemFor(response, "sku"))[0], StringComparison.Ordinal);
        var listings = await Json(await manager.GetAsync("/api/listings?market=GB", Ct));
        Assert.DoesNotContain(listings.EnumerateArray(), l => l.GetProperty("sku").GetString() == "VAC-S1-WHT");
    }

    [Fact]
    public async Task Listing_through_a_channel_outside_its_markets_is_refused()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var response = await manager.PutAsJsonAsync("/api/listings", new { sku = "NOVA8-BLK-128", market = "FR", channel = "es-online" }, Ct);

        Assert.Contains("sells only in ES", (await ProblemFor(response, "channel"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certifying_a_variant_lets_it_be_listed_and_it_shows_from_its_local_opening_time()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);
        var certified = await manager.PutAsJsonAsync("/api/variants/VAC-S1-WHT/certifications", new { regime = "UKCA", reference = "UKCA-VAC-001" }, Ct);

        var opensAt = TestClock.Local(5, 9, zone: "Europe/London");
        var listed = await manager.PutAsJsonAsync("/api/listings", new { sku = "VAC-S1-WHT", market = "GB", channel = "trio-mobile", opensAt }, Ct);

        Assert.Equal(HttpStatusCode.OK, certified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(TestClock.At(opensAt, "Europe/London"), (await Json(listed)).GetProperty("opensAt").GetDateTimeOffset());
        App.Clock.SetUtcNow(TestClock.At(opensAt, "Europe/London").AddSeconds(-1));
        Assert.DoesNotContain("VAC-S1-WHT", Skus(await Json(await manager.GetAsync("/api/catalog/GB?channel=trio-mobile", Ct))));
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("VAC-S1-WHT", Skus(await Json(await manager.GetAsync("/api/catalog/GB?channel=trio-mobile", Ct))));
    }

    [Fact]
    public async Task A_listing_closes_at_its_local_closing_time()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var listed = await manager.PutAsJsonAsync("/api/listings", new { sku = "HUB-WHT", market = "ES", channel = "es-online", opensAt = TestClock.Local(-400, 10), closesAt = TestClock.Local(28, 23, 59) }, Ct);
        App.Clock.SetUtcNow(TestClock.At(TestClock.Local(28, 23, 58)));
        var lastMinute = Skus(await Json(await manager.GetAsync("/api/catalog/ES", Ct)));
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var closed = Skus(await Json(await manager.GetAsync("/api/catalog/ES", Ct)));

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("HUB-WHT", lastMinute);
        Assert.DoesNotContain("HUB-WHT", closed);
    }

    [Fact]
    public async Task A_closed_listing_leaves_the_catalog_at_once_and_cannot_close_twice()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);
        var listings = await Json(await manager.GetAsync("/api/listings?market=ES", Ct));
        var hub = listings.EnumerateArray().Single(l => l.GetProperty("sku").GetString() == "HUB-WHT" && l.GetProperty("channel").GetString() == "es-online");
        var id = hub.GetProperty("id").GetInt64();

        var closed = await manager.DeleteAsync($"/api/listings/{id}", Ct);
        var again = await manager.DeleteAsync($"/api/listings/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.False((await Json(closed)).GetProperty("openNow").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain("HUB-WHT", Skus(await Json(await manager.GetAsync("/api/catalog/ES", Ct))));
    }

    [Fact]
    public async Task Relisting_through_a_channel_that_no_longer_sells_in_the_market_is_refused()
    {
        var admin = await App.Admin();
        static JsonElement Nova8InGb(JsonElement listings) =>
            listings.EnumerateArray().Single(l => l.GetProperty("sku").GetString() == "NOVA8-BLK-128" && l.GetProperty("channel").GetString() == "trio-mobile");
        var before = Nova8InGb(await Json(await admin.GetAsync("/api/listings?market=GB", Ct)));
        await admin.PatchAsJsonAsync("/api/channels/trio-mobile", new { markets = new[] { "SE", "IE", "AT", "DK", "HK", "IT" } }, Ct);

        var response = await admin.PutAsJsonAsync("/api/listings", new { sku = "NOVA8-BLK-128", market = "GB", channel = "trio-mobile", opensAt = TestClock.Local(5, 9, zone: "Europe/London") }, Ct);

        Assert.NotEmpty(await ProblemFor(response, "channel"));
        var after = Nova8InGb(await Json(await admin.GetAsync("/api/listings?market=GB", Ct)));
        Assert.Equal(before.GetProperty("opensAt").ToString(), after.GetProperty("opensAt").ToString());
    }

    [Fact]
    public async Task Listings_that_open_with_the_market_follow_its_opening_when_it_moves()
    {
        var admin = await App.Admin();

        var opensAt = TestClock.Local(43, 10, zone: "Europe/Paris");
        var moved = await admin.PutAsJsonAsync("/api/markets/FR/opening", new { opensAt }, Ct);
        App.Clock.SetUtcNow(TestClock.At(opensAt, "Europe/Paris"));
        admin = await App.Admin(); // A token lives an hour; the clock has moved weeks.
        var opened = await Json(await admin.GetAsync("/api/catalog/FR", Ct));
        var listing = (await Json(await admin.GetAsync("/api/listings?market=FR", Ct))).EnumerateArray().First();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(["nova-8", "nova-8-pro", "band-5", "home-hub"], Products(opened));
        Assert.True(listing.GetProperty("opensWithMarket").GetBoolean());
        Assert.Equal(TestClock.At(opensAt, "Europe/Paris"), listing.GetProperty("opensAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_listing_whose_channel_left_the_market_is_shown_blocked_and_not_open()
    {
        var admin = await App.Admin();
        await admin.PatchAsJsonAsync("/api/channels/trio-mobile", new { markets = new[] { "SE", "IE", "AT", "DK", "HK", "IT" } }, Ct);

        var gb = (await Json(await admin.GetAsync("/api/listings?market=GB", Ct))).EnumerateArray().ToArray();

        Assert.NotEmpty(gb);
        Assert.All(gb, l => Assert.False(l.GetProperty("openNow").GetBoolean()));
        Assert.All(gb, l => Assert.Contains("cannot list in GB", l.GetProperty("blocked").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_export_still_imports_after_a_channel_left_a_market_and_a_certificate_was_withdrawn_from_closed_listings()
    {
        var admin = await App.Admin();
        await admin.PatchAsJsonAsync("/api/channels/trio-mobile", new { markets = new[] { "SE", "IE", "AT", "DK", "HK", "IT" } }, Ct);
        var band = (await Json(await admin.GetAsync("/api/listings", Ct))).EnumerateArray()
            .Where(l => l.GetProperty("sku").GetString() == "BAND5-BLK" && l.GetProperty("market").GetString() != "GB");
        foreach (var listing in band)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/listings/{listing.GetProperty("id").GetInt64()}", Ct)).StatusCode);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var withdrawn = await admin.DeleteAsync("/api/variants/BAND5-BLK/certifications/CE", Ct);
        var exported = await (await admin.GetAsync("/api/catalog/export", Ct)).Content.ReadAsStringAsync(Ct);

        var imported = await admin.PostAsync("/api/catalog/import", new StringContent(exported, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.DoesNotContain("\"GB\"", JsonDocument.Parse(exported).RootElement.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "trio-mobile").GetProperty("markets").ToString(), StringComparison.Ordinal);
        Assert.Equal(exported, await (await admin.GetAsync("/api/catalog/export", Ct)).Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_demo_imports_again_after_France_has_opened()
    {
        var opening = (await Json(await App.CreateClient().GetAsync("/api/markets/FR", Ct))).GetProperty("opensAt").GetDateTimeOffset();
        App.Clock.SetUtcNow(opening.AddDays(10));
        var admin = await App.Admin();
        var demo = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "european-tour.json"), Ct);

        var imported = await admin.PostAsync("/api/catalog/import", new StringContent(demo, Encoding.UTF8, "application/json"), Ct);
        var france = await Json(await admin.GetAsync("/api/markets/FR", Ct));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(TestClock.NextYearly(5, 22, 10, "Europe/Paris").ToDateTimeOffset(), opening);
        Assert.Equal(opening, france.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal("live", france.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_admins_import_since_a_file_changes_markets_and_channels()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);
        var file = """{ "format": "rollout-catalog/1", "markets": [ { "code": "ES", "vatRate": 0.5 } ] }""";

        var response = await manager.PostAsync("/api/catalog/import", new StringContent(file, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0.21m, (await Json(await manager.GetAsync("/api/markets/ES", Ct))).GetProperty("vatRate").GetDecimal());
    }

    [Fact]
    public async Task Staff_reads_of_products_and_listings_need_a_login_while_the_catalog_is_public()
    {
        var anonymous = App.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/products", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/listings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/catalog/ES", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_name_longer_than_storage_allows_is_refused_naming_the_field()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var response = await manager.PostAsJsonAsync("/api/products", new { code = "long-name", name = new string('x', 121), category = "phone" }, Ct);

        Assert.Contains("At most 120 characters", (await ProblemFor(response, "name"))[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/products/long-name", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_listing_error_in_an_import_keeps_every_broken_rule_under_its_own_field()
    {
        var admin = await App.Admin();
        var file = """
            { "format": "rollout-catalog/1",
              "products": [ { "code": "nova-8", "name": "Lumio Nova 8", "category": "phone",
                "variants": [ { "sku": "NOVA8-BLK-128", "colour": "Graphite Black", "gtin": "8437000010036",
                  "listings": [ { "market": "US", "channels": ["fr-online"] } ] } ] } ] }
            """;

        var response = await admin.PostAsync("/api/catalog/import", new StringContent(file, Encoding.UTF8, "application/json"), Ct);

        Assert.Contains("There is no market US", (await ProblemFor(response, "products[0].variants[0].listings[0].market"))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variant_with_a_wrong_GTIN_check_digit_is_refused_and_nothing_is_written()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var response = await manager.PostAsJsonAsync("/api/products/nova-8/variants", new { sku = "NOVA8-RED-128", colour = "Red", ramGb = 8, storageGb = 128, gtin = "4006381333932" }, Ct);

        Assert.Contains("check digit", (await ProblemFor(response, "gtin"))[0], StringComparison.Ordinal);
        var product = await Json(await manager.GetAsync("/api/products/nova-8", Ct));
        Assert.Equal(2, product.GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public async Task A_product_with_typed_specs_and_a_valid_variant_is_created()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var product = await manager.PostAsJsonAsync("/api/products", new
        {
            code = "pad-6",
            name = "Lumio Pad 6",
            category = "tablet",
            specs = new object[] { new { key = "display", value = "11-inch LCD" }, new { key = "battery", value = 8840, unit = "mAh" }, new { key = "stylus", value = true } },
        }, Ct);
        var variant = await manager.PostAsJsonAsync("/api/products/pad-6/variants", new { sku = "PAD6-GRY-128", colour = "Graphite", storageGb = 128, gtin = "4006381333931" }, Ct);

        Assert.Equal(HttpStatusCode.Created, product.StatusCode);
        Assert.Equal(HttpStatusCode.Created, variant.StatusCode);
        var specs = (await Json(await manager.GetAsync("/api/products/pad-6", Ct))).GetProperty("specs").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.String, specs[0].GetProperty("value").ValueKind);
        Assert.Equal(8840m, specs[1].GetProperty("value").GetDecimal());
        Assert.Equal("mAh", specs[1].GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.True, specs[2].GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task A_certification_cannot_be_withdrawn_while_listed_where_it_is_required()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var inUse = await manager.DeleteAsync("/api/variants/NOVA8-BLK-128/certifications/UKCA", Ct);
        var unused = await manager.DeleteAsync("/api/variants/NOVA8P-BLK-256/certifications/FCC", Ct);

        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unused.StatusCode);
    }

    [Fact]
    public async Task Catalog_managers_change_the_catalog_but_not_markets()
    {
        var manager = await App.Staff(StaffRoles.CatalogManager);

        var product = await manager.PatchAsJsonAsync("/api/products/nova-8", new { description = "Now in mint." }, Ct);
        var market = await manager.PatchAsJsonAsync("/api/markets/ES", new { vatRate = 0.22m }, Ct);

        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, market.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PatchAsJsonAsync("/api/products/nova-8", new { name = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_import_with_one_bad_entry_writes_nothing_and_names_path_and_line()
    {
        var admin = await App.Admin();
        var file = """
            {
              "format": "rollout-catalog/1",
              "products": [
                { "code": "pad-6", "name": "Lumio Pad 6", "category": "tablet",
                  "variants": [ { "sku": "PAD6-GRY-128", "colour": "Graphite", "gtin": "4006381333931" } ] },
                { "code": "pad-6-pro", "name": "Lumio Pad 6 Pro", "category": "tablet",
                  "variants": [ { "sku": "PAD6P-GRY-256", "colour": "Graphite",
                                  "gtin": "4006381333932" } ] }
              ]
            }
            """;

        var response = await admin.PostAsync("/api/catalog/import", new StringContent(file, Encoding.UTF8, "application/json"), Ct);

        var rules = await ProblemFor(response, "products[1].variants[0].gtin");
        Assert.StartsWith("line 8:", rules[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/products/pad-6", Ct)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_imports_of_the_same_new_product_all_succeed_and_create_it_once()
    {
        var admin = await App.Admin();
        var file = """
            { "format": "rollout-catalog/1",
              "products": [ { "code": "pad-6", "name": "Lumio Pad 6", "category": "tablet",
                "variants": [ { "sku": "PAD6-GRY-128", "colour": "Graphite", "gtin": "4006381333931",
                  "certifications": [ { "regime": "CE", "reference": "EU-DoC-PAD6" } ],
                  "listings": [ { "market": "ES", "channels": ["es-online"] } ] } ] } ] }
            """;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            admin.PostAsync("/api/catalog/import", new StringContent(file, Encoding.UTF8, "application/json"), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var product = await Json(await admin.GetAsync("/api/products/pad-6", Ct));
        Assert.Single(product.GetProperty("variants").EnumerateArray());
        Assert.Single((await Json(await admin.GetAsync("/api/listings?market=ES", Ct))).EnumerateArray(), l => l.GetProperty("sku").GetString() == "PAD6-GRY-128");
    }

    [Fact]
    public async Task Export_then_import_leaves_the_catalog_as_it_was()
    {
        var admin = await App.Admin();
        var exported = await (await admin.GetAsync("/api/catalog/export", Ct)).Content.ReadAsStringAsync(Ct);

        var imported = await admin.PostAsync("/api/catalog/import", new StringContent(exported, Encoding.UTF8, "application/json"), Ct);
        var again = await (await admin.GetAsync("/api/catalog/export", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(60, (await Json(imported)).GetProperty("listings").GetInt32());
        Assert.Equal(60, (await Json(await admin.GetAsync("/api/listings", Ct))).GetArrayLength());
        Assert.Equal(exported, again);
    }
}

public sealed class SqliteCatalogApiTests() : CatalogApiTests(StorageProvider.Sqlite);

public sealed class PostgresCatalogApiTests() : CatalogApiTests(StorageProvider.Postgres);
