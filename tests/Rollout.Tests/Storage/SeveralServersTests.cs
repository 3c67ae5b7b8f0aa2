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

        var drawnOnA = await onA.Write<string>(async batch => await Rollout.Launches.FlashSaleRows.DrawSeed(batch, sale, first));
        var drawnOnB = await onB.Write<string>(async batch => await Rollout.Launches.FlashSaleRows.DrawSeed(batch, sale, second));

        Assert.Equal(first, drawnOnA.Value);
        Assert.Equal(first, drawnOnB.Value); // The second server shuffles with the first one's secret, not its own.
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
