using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Repairs;

public abstract class TicketApiTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Problem = "The screen flickers when playing video.";

    [Fact]
    public async Task A_customer_opens_a_ticket_staff_move_it_to_repaired_and_the_customer_reads_the_timeline()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var support = await App.Staff(StaffRoles.SupportAgent);

        var opened = await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct));
        var id = opened.GetProperty("id").GetGuid();
        Assert.Equal("es-madrid-service", opened.GetProperty("centre").GetString());
        Assert.Equal("web", opened.GetProperty("via").GetString());
        Assert.True(opened.GetProperty("free").GetBoolean());
        Assert.StartsWith("Free repair", opened.GetProperty("warrantyRule").GetString(), StringComparison.Ordinal);

        Assert.NotEmpty(await ProblemFor(await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "received,diagnosed" }, Ct), "to"));
        Assert.NotEmpty(await ProblemFor(await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "3" }, Ct), "to"));
        var skipped = await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "repaired" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, skipped.StatusCode);
        Assert.Contains("can go to received", (await Json(skipped)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "received", note = "Arrived by courier" }, Ct)).StatusCode);
        Assert.NotEmpty(await ProblemFor(await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "diagnosed" }, Ct), "note"));
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "diagnosed", note = "Display connector loose" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "repaired", note = "Connector reseated, tested 2 h" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ana.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "returned" }, Ct)).StatusCode);

        var seen = await Json(await ana.GetAsync($"/api/tickets/{id}", Ct));
        Assert.Equal("repaired", seen.GetProperty("status").GetString());
        var steps = seen.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["opened", "received", "diagnosed", "repaired"], steps.Select(s => s.GetProperty("to").GetString()));
        Assert.Equal(["you", "service centre", "service centre", "service centre"], steps.Select(s => s.GetProperty("by").GetString()));
        Assert.Equal("Display connector loose", steps[2].GetProperty("note").GetString());
        var staffView = await Json(await support.GetAsync($"/api/tickets/{id}", Ct));
        Assert.Equal("ana@example.es", staffView.GetProperty("steps")[0].GetProperty("by").GetString());
        Assert.DoesNotContain(staffView.GetProperty("steps").EnumerateArray(), s => s.GetProperty("by").GetString() == "service centre");
    }

    [Fact]
    public async Task Of_tickets_opened_at_once_for_one_device_exactly_one_opens()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var support = await App.Staff(StaffRoles.SupportAgent);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? ana : support)
            .PostAsJsonAsync("/api/tickets", new { imei, problem = Problem, via = i % 2 == 0 ? null : "phone" }, Ct)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Single((await Json(await support.GetAsync("/api/tickets", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task Another_customers_device_and_ticket_are_not_found()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var bruno = App.Customer("bruno");
        var id = (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await bruno.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/tickets/{id}", Ct)).StatusCode);
        Assert.Empty((await Json(await bruno.GetAsync("/api/tickets", Ct))).EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_repair_is_paid_when_the_warranty_had_ended_on_the_day_the_ticket_opened()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        App.Clock.Advance(TimeSpan.FromDays(5 * 365));
        using var ana = App.Customer("ana");

        var opened = await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct));

        Assert.False(opened.GetProperty("free").GetBoolean());
        Assert.StartsWith("Paid repair: expired", opened.GetProperty("warrantyRule").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replacement_takes_over_the_warranty_of_the_device_it_replaces()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var support = await App.Staff(StaffRoles.SupportAgent);
        var before = (await Json(await ana.GetAsync("/api/me/devices", Ct)))[0];
        var id = (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("id").GetGuid();
        App.Clock.Advance(TimeSpan.FromDays(200));
        using var later = await App.Staff(StaffRoles.SupportAgent);
        await later.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "received" }, Ct);
        await later.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "diagnosed", note = "Mainboard fault" }, Ct);
        var fresh = Shop.NewImei();

        var without = await later.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "replaced", note = "New unit" }, Ct);
        var replaced = await Json(await later.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "replaced", note = "New unit", replacement = new { imei = fresh } }, Ct));

        Assert.NotEmpty(await ProblemFor(without, "replacement"));
        using var anaLater = App.Customer("ana");
        var now = (await Json(await anaLater.GetAsync("/api/me/devices", Ct))).EnumerateArray().Single();
        Assert.Equal(fresh, now.GetProperty("imei").GetString());
        Assert.Equal("replacement", now.GetProperty("source").GetString());
        Assert.Equal(before.GetProperty("id").GetGuid(), now.GetProperty("replaces").GetGuid());
        Assert.Equal(replaced.GetProperty("replacementDevice").GetGuid(), now.GetProperty("id").GetGuid());
        Assert.Equal(before.GetProperty("warranty").GetProperty("until").GetString(), now.GetProperty("warranty").GetProperty("until").GetString());
        var again = await anaLater.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(fresh, (await Json(again)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var old = await Json(await App.CreateClient().GetAsync($"/api/warranty/{imei}", Ct));
        Assert.Equal("replaced", old.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, old.GetProperty("until").ValueKind);
        Assert.Contains(fresh, old.GetProperty("rule").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refunded_device_is_no_longer_covered_and_takes_no_new_ticket()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var support = await App.Staff(StaffRoles.SupportAgent);
        var id = (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("id").GetGuid();
        await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "received" }, Ct);
        await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "diagnosed", note = "Water damage on the board" }, Ct);

        var early = await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "returned" }, Ct);
        var refunded = await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "refunded", note = "Refunded in full as a goodwill gesture" }, Ct);
        await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "closed" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        Assert.Equal("refunded", (await Json(await App.CreateClient().GetAsync($"/api/warranty/{imei}", Ct))).GetProperty("status").GetString());
        Assert.Equal("ticket.device_refunded", (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_device_not_yet_delivered_is_repaired_free_and_a_mismatched_imei_is_refused()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana", deliver: false);
        using var support = await App.Staff(StaffRoles.SupportAgent);
        var device = (await Json(await support.GetAsync($"/api/devices?q={imei}", Ct)))[0].GetProperty("id").GetGuid();

        var mismatch = await support.PostAsJsonAsync("/api/tickets", new { device, imei = Shop.NewImei(), problem = Problem, via = "phone" }, Ct);
        var opened = await Json(await support.PostAsJsonAsync("/api/tickets", new { device, imei, problem = Problem, via = "phone" }, Ct));

        Assert.NotEmpty(await ProblemFor(mismatch, "imei"));
        Assert.True(opened.GetProperty("free").GetBoolean());
        Assert.Contains("faulty on arrival", opened.GetProperty("warrantyRule").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_goes_to_a_centre_of_the_customers_current_market_or_else_the_market_of_sale()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var support = await App.Staff(StaffRoles.SupportAgent);

        var inFrance = await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem, market = "FR" }, Ct));
        var staffWithoutVia = await support.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct);
        var customerChoosingCentre = await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem, centre = "it-milano-assistenza" }, Ct);

        Assert.Equal("fr-paris-service", inFrance.GetProperty("centre").GetString());
        Assert.Equal("FR", inFrance.GetProperty("market").GetString());
        Assert.NotEmpty(await ProblemFor(staffWithoutVia, "via"));
        Assert.NotEmpty(await ProblemFor(customerChoosingCentre, "centre"));
        var queue = await Json(await support.GetAsync("/api/tickets?centre=fr-paris-service&status=open", Ct));
        Assert.Equal(inFrance.GetProperty("id").GetGuid(), queue.EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Empty((await Json(await support.GetAsync("/api/tickets?centre=es-madrid-service", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task Tickets_near_or_past_their_markets_response_target_are_listed_until_answered()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        var id = (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("id").GetGuid();

        async Task<JsonElement[]> AtRisk()
        {
            using var support = await App.Staff(StaffRoles.SupportAgent);
            return [.. (await Json(await support.GetAsync("/api/tickets/at-risk", Ct))).EnumerateArray()];
        }

        Assert.Empty(await AtRisk());
        App.Clock.Advance(TimeSpan.FromHours(39)); // Spain's demo target: respond within 48 h; the last fifth starts at 38.4 h.
        Assert.Equal("due_soon", (await AtRisk()).Single().GetProperty("deadline").GetString());
        App.Clock.Advance(TimeSpan.FromHours(10));
        Assert.Equal("breached", (await AtRisk()).Single().GetProperty("deadline").GetString());
        using var support = await App.Staff(StaffRoles.SupportAgent);
        await support.PostAsJsonAsync($"/api/tickets/{id}/steps", new { to = "received" }, Ct);
        Assert.Empty(await AtRisk()); // Now it works to the 15-day resolution.
    }

    [Fact]
    public async Task Photos_go_with_the_ticket_and_only_its_viewers_read_them()
    {
        var (_, imei) = await AfterSales.DeliveredPhone(App, await MadridWith(3), "ana");
        using var ana = App.Customer("ana");
        using var bruno = App.Customer("bruno");
        var id = (await Json(await ana.PostAsJsonAsync("/api/tickets", new { imei, problem = Problem }, Ct))).GetProperty("id").GetGuid();
        var photo = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]); // a PNG signature: the content must be what its type says
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");

        var attached = await Json(await ana.PostAsync($"/api/tickets/{id}/files", new MultipartFormDataContent { { photo, "file", "screen.png" } }, Ct));
        var file = attached.GetProperty("files")[0].GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync($"/api/tickets/{id}/files/{file}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/tickets/{id}/files/{file}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.PostAsync($"/api/tickets/{id}/files", new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "x.png" } }, Ct)).StatusCode);
    }
}

public sealed class SqliteTicketApiTests() : TicketApiTests(StorageProvider.Sqlite);

public sealed class PostgresTicketApiTests() : TicketApiTests(StorageProvider.Postgres);
