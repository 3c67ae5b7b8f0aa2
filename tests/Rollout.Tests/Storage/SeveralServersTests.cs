using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>
/// Issue 15, the parts that stand today: servers of one PostgreSQL database share the key ring (a token one issued is
/// good on another); a second server on one SQLite file is refused at start with a message that says why; a server
/// reports ready to a load balancer only once it is prepared, and not ready once it is stopping.
/// </summary>
public sealed class SeveralServersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Token(string AccessToken);

    private sealed record Ready(string Status);

    private sealed record CartLine(string Sku, int Quantity, bool Held);

    private sealed record CartAnswer(Guid Id, List<CartLine> Lines);

    private sealed record PlacedOrder(Guid Id, string Number);

    private sealed record Level(int OnHand, int Available);

    private sealed record Room(string State, bool InRoom, long? Position, bool Admitted, long? Ahead, long QueueLength);

    private sealed record Claimed(string Outcome);

    [Fact]
    public async Task A_cart_opened_on_one_server_changed_on_a_second_and_checked_out_on_a_third_sells_exactly_its_units()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var a = RolloutApp.Start(database);
        a.CreateClient().Dispose(); // The demo is loaded once, by the first.
        await using var b = RolloutApp.Start(database);
        await using var c = RolloutApp.Start(database);
        var staff = await a.Staff(Rollout.Identity.StaffRoles.InventoryManager);
        (await staff.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 3 }, Ct)).EnsureSuccessStatusCode();
        var (onA, onB, onC) = (a.CreateClient(), b.CreateClient(), c.CreateClient());

        var cart = (await Read<CartAnswer>(await onA.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct))).Id;
        await Read<CartAnswer>(await onB.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 1 }, Ct));
        var seenOnC = await Read<CartAnswer>(await onC.GetAsync($"/api/carts/{cart}", Ct));
        await Read<CartAnswer>(await onA.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 2 }, Ct)); // A's copy is behind: read again.
        var seenOnB = await Read<CartAnswer>(await onB.GetAsync($"/api/carts/{cart}", Ct));

        Assert.Equal((1, true), (seenOnC.Lines.Single().Quantity, seenOnC.Lines.Single().Held));
        Assert.Equal((2, true), (seenOnB.Lines.Single().Quantity, seenOnB.Lines.Single().Held));

        // Two servers change the cart at the same moment, again and again: of two writes at once, the second is refused
        // by the version and run again on the cart read afresh (a few times; past that the shopper is told to try again,
        // a 409 a retry mends). The cart ends as one of them, holding exactly its units, never a unit more.
        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(
            () => (i % 2 == 0 ? onA : onB).PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 1 + (i % 2) }, Ct), Ct)));
        var answers = await Task.WhenAll(racing.Select(async r => $"{(int)r.StatusCode} {(r.IsSuccessStatusCode ? "" : await r.Content.ReadAsStringAsync(Ct))}"));
        Assert.All(answers, answer => Assert.True(answer.StartsWith("200", StringComparison.Ordinal) || answer.Contains("cart.overtaken", StringComparison.Ordinal), answer));
        Assert.True(answers.Count(answer => answer.StartsWith("200", StringComparison.Ordinal)) >= 10, string.Join("\n", answers));
        var settled = (await Read<CartAnswer>(await onC.GetAsync($"/api/carts/{cart}", Ct))).Lines.Single().Quantity;
        var level = (await Read<List<Level>>(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct))).Single();
        Assert.Equal(3 - settled, level.Available);

        (await onC.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "ana@example.es", address = Shop.AddressIn("ES") }, Ct)).EnsureSuccessStatusCode();
        (await onA.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "standard" }, Ct)).EnsureSuccessStatusCode();
        var placed = await Read<PlacedOrder>(await Shop.PostKeyed(onB, $"/api/carts/{cart}/checkout", new { payment = "card" }, "several-1"));
        var retried = await Read<PlacedOrder>(await Shop.PostKeyed(onC, $"/api/carts/{cart}/checkout", new { payment = "card" }, "several-1"));
        var twice = await Shop.PostKeyed(onA, $"/api/carts/{cart}/checkout", new { payment = "card" }, "several-2");

        Assert.Equal(placed.Id, retried.Id); // The retry on another server gets the same order, not a second one.
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode); // The cart is an order now, on every server.
        var after = (await Read<List<Level>>(await staff.GetAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct))).Single();
        Assert.Equal(3 - settled, after.Available);
    }

    [Fact]
    public async Task Servers_drawing_one_opening_at_once_keep_the_seed_the_first_stored()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var a = RolloutApp.Start(database);
        a.CreateClient().Dispose(); // The demo, with its sales, is loaded once, by the first.
        await using var b = RolloutApp.Start(database);
        b.CreateClient().Dispose();
        await Security.LaunchNight.Create(a); // A sale two hours away: not drawn yet.
        var (onA, onB) = (a.Services.GetRequiredService<GroupCommit>(), b.Services.GetRequiredService<GroupCommit>());
        const string sale = Security.LaunchNight.Sale;
        var (first, second) = (new string('A', 64), new string('B', 64));

        var drawnOnA = await onA.Write<string>(async batch => (await Rollout.Launches.FlashSaleRows.DrawSeed(batch, sale, first)).Seed);
        var drawnOnB = await onB.Write<string>(async batch => (await Rollout.Launches.FlashSaleRows.DrawSeed(batch, sale, second)).Seed);

        Assert.Equal(first, drawnOnA.Value);
        Assert.Equal(first, drawnOnB.Value); // The second server shuffles with the first one's secret, not its own.
    }

    [Fact]
    public async Task The_waiting_room_is_one_room_on_every_server_one_draw_one_counter_of_places_one_admission()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var a = RolloutApp.Start(database);
        a.CreateClient().Dispose();
        await using var b = RolloutApp.Start(database);
        b.CreateClient().Dispose();
        b.Clock.SetUtcNow(a.Clock.GetUtcNow());
        await Security.LaunchNight.Create(a); // Three units, one each, registration until an hour before the opening.
        const string sale = Security.LaunchNight.Sale;
        var servers = new[] { a, b };
        var customers = Enumerable.Range(0, 12).Select(i => (Id: $"fan{i:00}", OnA: a.Customer($"fan{i:00}"), OnB: b.Customer($"fan{i:00}"))).ToList();
        for (var i = 0; i < customers.Count; i++)
        {
            var (_, onA, onB) = customers[i];
            await Read<object>(await (i % 2 == 0 ? onA : onB).PostAsync($"/api/sales/{sale}/registrations", null, Ct));
            if (i < 8)
            {
                // Eight join before the opening, on the other server than the one they registered on.
                Assert.Equal((true, (long?)null), await Read<Room>(await (i % 2 == 0 ? onB : onA).PostAsync($"/api/sales/{sale}/room", null, Ct)) is var r ? (r.InRoom, r.Position) : default);
            }
        }

        foreach (var app in servers)
        {
            app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1)); // Open: each server draws on its first request.
        }

        // One draw: each early joiner has the same place on both servers, and the places are 1 to 8.
        var early = new List<long>();
        foreach (var (id, onA, onB) in customers.Take(8))
        {
            var (fromA, fromB) = (await Read<Room>(await onA.GetAsync($"/api/sales/{sale}/room", Ct)), await Read<Room>(await onB.GetAsync($"/api/sales/{sale}/room", Ct)));
            Assert.Equal(fromA.Position, fromB.Position);
            early.Add(fromA.Position!.Value);
        }

        Assert.Equal(Enumerable.Range(1, 8).Select(p => (long)p), early.Order());

        // One counter: the four who join now, alternately on each server, get places after the draw's, never the same,
        // and each server answers the place the other gave.
        var late = new List<long>();
        for (var i = 8; i < 12; i++)
        {
            var (_, onA, onB) = customers[i];
            var joined = await Read<Room>(await (i % 2 == 0 ? onA : onB).PostAsync($"/api/sales/{sale}/room", null, Ct));
            Assert.Equal(joined.Position, (await Read<Room>(await (i % 2 == 0 ? onB : onA).GetAsync($"/api/sales/{sale}/room", Ct))).Position);
            late.Add(joined.Position!.Value);
        }

        Assert.Equal(4, late.Distinct().Count());
        Assert.All(late, place => Assert.True(place > 8, $"place {place}"));

        // One admission: the three first places are admitted on both servers; once their turns run out (nobody claimed),
        // the next three are, on both, whichever server raised the watermark.
        long PlaceOf(int n) => early.IndexOf(n);
        await AdmittedThrough(3);
        foreach (var app in servers)
        {
            app.Clock.Advance(Rollout.Launches.SalePool.Turn.ToTimeSpan() + TimeSpan.FromSeconds(1));
        }

        await AdmittedThrough(6);

        // A customer admitted wins on one server: the room does not move (one unit fewer, one fewer waiting), on either.
        var fourth = customers[(int)PlaceOf(4)];
        Assert.Equal("won", (await Read<Claimed>(await Claim(fourth.OnB, "k1"))).Outcome);
        await Task.Delay(600, Ct); // Two turns of the keepers.
        await AdmittedThrough(6);

        async Task AdmittedThrough(long through)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var rooms = new List<(long Place, Room OnA, Room OnB)>();
                foreach (var (_, onA, onB) in customers.Take(8))
                {
                    var (fromA, fromB) = (await Read<Room>(await onA.GetAsync($"/api/sales/{sale}/room", Ct)), await Read<Room>(await onB.GetAsync($"/api/sales/{sale}/room", Ct)));
                    rooms.Add((fromA.Position!.Value, fromA, fromB));
                }

                if (rooms.All(r => r.OnA.Admitted == r.Place <= through && r.OnB.Admitted == r.Place <= through) || waited.Elapsed > TimeSpan.FromSeconds(10))
                {
                    Assert.All(rooms, r => Assert.Equal((r.Place <= through, r.Place <= through), (r.OnA.Admitted, r.OnB.Admitted)));
                    Assert.All(rooms.Where(r => r.Place > through), r => Assert.Equal((r.Place - through, r.Place - through), (r.OnA.Ahead, r.OnB.Ahead)));
                    return;
                }

                await Task.Delay(100, Ct);
            }
        }
    }

    [Fact]
    public async Task A_partners_requests_per_minute_hold_across_servers_whichever_server_each_request_reaches()
    {
        const int perMinute = 20;
        var settings = new Dictionary<string, string> { ["Rollout:Limits:PartnerRequestsPerMinute"] = $"{perMinute}" };
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var a = RolloutApp.Start(database, settings: settings);
        a.CreateClient().Dispose();
        await using var b = RolloutApp.Start(database, settings: settings);
        b.CreateClient().Dispose();
        b.Clock.SetUtcNow(a.Clock.GetUtcNow()); // One minute on both (the servers' clocks agree, as NTP keeps them).
        var manager = await AfterSales.TrioAllocated(a, 1);
        using var onA = await AfterSales.PartnerClient(a, manager);
        using var onB = b.CreateClient();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;

        // Sixty requests at once, half on each server: one budget of twenty between them, not twenty each.
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? onA : onB).GetAsync("/api/partner/orders", Ct)));
        var granted = answers.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(granted, perMinute - (2 * (perMinute / 8)), perMinute); // A block a server took and did not spend may be lost; never more.
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.True(r.Headers.RetryAfter?.Delta is { } wait && wait <= TimeSpan.FromMinutes(1), r.Headers.RetryAfter?.ToString()); // Until the next minute.
        });

        foreach (var app in new[] { a, b })
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), ((await onA.GetAsync("/api/partner/orders", Ct)).StatusCode, (await onB.GetAsync("/api/partner/orders", Ct)).StatusCode)); // A new minute, a new budget.
    }

    private static Task<HttpResponseMessage> Claim(HttpClient customer, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{Security.LaunchNight.Sale}/claims");
        message.Headers.Add("Idempotency-Key", key);
        return customer.SendAsync(message, Ct);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    [Fact]
    public async Task A_token_issued_by_one_server_is_good_on_another_of_the_same_database()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var first = RolloutApp.Start(database, loadDemo: false);
        await using var second = RolloutApp.Start(database, loadDemo: false);

        var issued = await first.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct);
        var token = await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Token>(Ct);
        using var elsewhere = second.CreateClient();
        elsewhere.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        var staff = await elsewhere.GetAsync("/api/staff", Ct);

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains(RolloutApp.AdminEmail, await staff.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_server_on_one_SQLite_file_is_refused_at_start_and_one_may_start_once_the_first_stopped()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        var first = RolloutApp.Start(database, loadDemo: false);
        first.CreateClient().Dispose();

        await using (var second = RolloutApp.Start(database, loadDemo: false))
        {
            var refused = Assert.ThrowsAny<Exception>(() => second.CreateClient());
            var message = refused.ToString(); // With its inner exceptions.
            Assert.Contains("Another Rollout server is already serving the SQLite database", message, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL", message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health/ready", Ct)).StatusCode); // The first serves on, untouched.
        await first.DisposeAsync();

        await using var third = RolloutApp.Start(database, loadDemo: false);
        Assert.Equal(HttpStatusCode.OK, (await third.CreateClient().GetAsync("/health/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_server_is_ready_once_prepared_and_not_ready_once_it_is_stopping()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        // Stopping, the server says "not ready" at once and goes on serving for the drain time, so the balancer can notice.
        await using var app = RolloutApp.Start(database, loadDemo: false, settings: new Dictionary<string, string> { ["Rollout:Server:DrainSeconds"] = "3" });
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<Ready>(Ct))!.Status);

        var lifetime = (Microsoft.Extensions.Hosting.IHostApplicationLifetime)app.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime))!;
        var stopping = Task.Run(lifetime.StopApplication, Ct); // Runs the host's stopping callbacks, the drain among them.
        while (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await Task.Delay(10, Ct);
        }

        var draining = await client.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.Contains("draining", await draining.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await stopping;
    }
}
