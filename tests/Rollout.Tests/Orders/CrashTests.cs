using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

/// <summary>
/// Durability by killing: the real server runs as its own process, takes checkouts, and is killed with SIGKILL in the
/// middle of them. After a restart, every order whose call was answered 201 exists and the stock adds up.
/// </summary>
public abstract class CrashTests(StorageProvider provider) : IAsyncLifetime
{
    private const string Password = ServerProcess.Password;
    private TestDatabase database = null!;
    private ServerProcess? server;
    private Uri address = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => database = await TestDatabase.Create(provider);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Every_order_answered_before_a_kill_exists_after_the_restart_and_stock_adds_up()
    {
        await Start();
        var admin = await Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 500 }, Ct)).EnsureSuccessStatusCode();

        var confirmed = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        using var buyers = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
        var next = 0;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= 400)
            {
                try
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                    {
                        Content = JsonContent.Create(Shop.GuestOrder($"buyer{n}@example.es")),
                    };
                    request.Headers.Add("Idempotency-Key", $"crash-{n}");
                    var response = await buyers.SendAsync(request, Ct);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        confirmed.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid());
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server was killed under this request: the buyer was told nothing.
                }
            }
        }).ToList();

        while (confirmed.Count < 60)
        {
            await Task.Delay(5, Ct);
        }

        Kill();
        await Task.WhenAll(workers);
        var answered = confirmed.ToHashSet();

        await Start();
        admin = await Admin();
        foreach (var id in answered)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/orders/{id}", Ct)).StatusCode);
        }

        var orders = JsonDocument.Parse(await admin.GetStringAsync("/api/orders?market=ES", Ct)).RootElement;
        var sold = orders.EnumerateArray().Sum(o => o.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        var level = JsonDocument.Parse(await admin.GetStringAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)).RootElement[0];
        Assert.True(answered.Count >= 60, $"{answered.Count} orders were confirmed before the kill");
        Assert.True(sold >= answered.Count);
        Assert.Equal(500, level.GetProperty("onHand").GetInt32());
        Assert.Equal(500 - sold, level.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_cart_answered_before_a_kill_comes_back_whole_and_checks_out_after_the_restart()
    {
        await Start();
        var admin = await Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 5 }, Ct)).EnsureSuccessStatusCode();
        using var shopper = new HttpClient { BaseAddress = address };
        var cart = JsonDocument.Parse(await (await shopper.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct)).Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        (await shopper.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 2 }, Ct)).EnsureSuccessStatusCode();
        (await shopper.PutAsJsonAsync($"/api/carts/{cart}/address", new { email = "ana@example.es", address = new { name = "Ana Ruiz", line1 = "Calle Mayor 1", line2 = "3º B", postalCode = "28013", city = "Madrid", country = "ES" } }, Ct)).EnsureSuccessStatusCode();
        var before = await (await shopper.PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "standard" }, Ct)).Content.ReadAsStringAsync(Ct);

        Kill(); // Nothing of the cart is in memory any more: it must come back from the database as it was answered.
        await Start();
        using var back = new HttpClient { BaseAddress = address };
        var after = await back.GetStringAsync($"/api/carts/{cart}", Ct);
        Assert.Equal(before, after);

        var checkout = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cart}/checkout") { Content = JsonContent.Create(new { payment = "bank-transfer" }) };
        checkout.Headers.Add("Idempotency-Key", "after-restart");
        var placed = await back.SendAsync(checkout, Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var level = JsonDocument.Parse(await (await Admin()).GetStringAsync("/api/stock?sku=NOVA8P-BLK-256&location=madrid-dc", Ct)).RootElement[0];
        Assert.Equal(3, level.GetProperty("available").GetInt32()); // The cart's two held units became the sale, not two more.
    }

    [Fact]
    public async Task Every_claim_answered_won_before_a_kill_exists_after_the_restart_and_the_sale_never_oversells()
    {
        await Start();
        var admin = await Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 400 }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 300 }, Ct)).EnsureSuccessStatusCode();
        var madrid = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var opening = TestClock.Running.Now().Plus(NodaTime.Duration.FromSeconds(3)); // The server reads the same clock.
        var local = WallClock.Format(opening.InZone(madrid).LocalDateTime);
        (await admin.PostAsJsonAsync("/api/launches", new { code = "es-crash", market = "ES", startsAt = local, venue = "Madrid" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/launches/es-crash/sales", new
        {
            code = "es-crash-sale", sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 300, price = 499m,
            opensAt = local, closesAt = WallClock.Format(opening.Plus(NodaTime.Duration.FromDays(1)).InZone(madrid).LocalDateTime), perCustomerLimit = 10, holdMinutes = 60,
        }, Ct)).EnsureSuccessStatusCode();
        var crowd = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
        var tokens = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var email = $"fan{i}@example.es";
            (await crowd.PostAsJsonAsync("/api/customers", new { email, password = Password }, Ct)).EnsureSuccessStatusCode();
            var token = JsonDocument.Parse(await (await crowd.PostAsJsonAsync("/api/customers/token", new { email, password = Password }, Ct)).Content.ReadAsStringAsync(Ct));
            tokens.Add(token.RootElement.GetProperty("accessToken").GetString()!);
        }

        var wait = opening - TestClock.Running.Now();
        if (wait > NodaTime.Duration.Zero)
        {
            await Task.Delay(wait.ToTimeSpan() + TimeSpan.FromMilliseconds(200), Ct);
        }

        async Task<(HttpStatusCode Status, string? Outcome, Guid? Claim)> Claim(int customer, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/sales/es-crash-sale/claims");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[customer]);
            request.Headers.Add("Idempotency-Key", key);
            var response = await crowd.SendAsync(request, Ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (response.StatusCode, null, null);
            }

            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            return (response.StatusCode, answer.GetProperty("outcome").GetString(), answer.TryGetProperty("claim", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null);
        }

        // The crowd claims (each customer with new keys, up to their limit and past it); the server is killed mid-sale.
        var won = new System.Collections.Concurrent.ConcurrentDictionary<(int, string), Guid>();
        var next = 0;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= 480)
            {
                try
                {
                    var (customer, key) = (n % 40, $"k{n / 40}");
                    if (await Claim(customer, key) is { Outcome: "won", Claim: { } id })
                    {
                        won[(customer, key)] = id;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server was killed under this claim: the customer was told nothing.
                }
            }
        }).ToList();
        while (won.Count < 100)
        {
            await Task.Delay(2, Ct);
        }

        Kill();
        await Task.WhenAll(workers);
        var answered = won.ToDictionary();

        await Start();
        crowd.Dispose();
        crowd = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) }; // The restarted server listens elsewhere.
        admin = await Admin();
        var stored = JsonDocument.Parse(await admin.GetStringAsync("/api/sales/es-crash-sale/claims", Ct)).RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetGuid(), c => c.GetProperty("key").GetString());
        Assert.True(answered.Count >= 100, $"{answered.Count} claims were answered won before the kill");
        Assert.All(answered, a => Assert.Equal(a.Key.Item2, stored.GetValueOrDefault(a.Value))); // Every "won" is in the database, under its key.

        // After the restart the same keys answer the same claims, and the rest of the sale sells exactly what is left.
        foreach (var ((customer, key), id) in answered.Take(20))
        {
            Assert.Equal(("won", id), await Claim(customer, key) is var again ? (again.Outcome, again.Claim!.Value) : default);
        }

        var after = await Task.WhenAll(Enumerable.Range(0, 40 * 12).Select(n => Claim(n % 40, $"after-{n / 40}")));
        Assert.All(after, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var audit = JsonDocument.Parse(await admin.GetStringAsync("/api/sales/es-crash-sale/audit", Ct)).RootElement;
        Assert.True(audit.GetProperty("consistent").GetBoolean(), audit.ToString());
        Assert.Equal(300, audit.GetProperty("claimsWon").GetInt32());
        Assert.Equal(300, audit.GetProperty("allocationReserved").GetInt32());
        Assert.Equal(300, stored.Count + after.Count(a => a.Outcome == "won"));
        crowd.Dispose();
    }

    private async Task Start()
    {
        server = await ServerProcess.Start(database);
        address = server.Address;
    }

    private Task<HttpClient> Admin() => server!.Admin();

    private void Kill()
    {
        server?.Dispose();
        server = null;
    }
}

public sealed class SqliteCrashTests() : CrashTests(StorageProvider.Sqlite);

public sealed class PostgresCrashTests() : CrashTests(StorageProvider.Postgres);
