using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>
/// Issue 15's test of several servers: three real server processes on one PostgreSQL, a crowd claiming a flash sale and
/// buyers checking out at once, every request sent round robin and, when a server does not answer, sent again with
/// the same Idempotency-Key to the next. One server is killed with SIGKILL mid-sale and started again. Afterwards:
/// nothing oversold, no key won twice, no customer over the limit, every answered claim and order in the database,
/// the dead server's block back within the lease's term plus a second, and the sale's counters agreeing with its claims.
/// The same with the servers restarted one by one, as a deploy does.
/// </summary>
public sealed class ServersKilledMidSaleTests : IAsyncLifetime
{
    private const int Units = 300;
    private const int Limit = 5;
    private const int Customers = 60;
    private const string Sale = "es-multi-sale";
    private readonly ServerProcess?[] servers = new ServerProcess?[3];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private TestDatabase database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Token(string AccessToken);

    private sealed record ClaimAnswer(string Outcome, Guid? Claim);

    private sealed record ClaimRow(Guid Id, string CustomerId, string Key, string Status);

    private sealed record Audit(int Units, int ClaimsWon, int SaleLeasedCounter, int UnitsInLeases, int AllocationReserved, int Oversold, int Duplicates, int CustomersOverLimit, bool Consistent);

    private sealed record PlacedOrder(Guid Id);

    private sealed record Second(long Won);

    private sealed record Live(int UnitsLeft, List<Second> Seconds);

    private sealed record Level(int OnHand, int Available);

    public async ValueTask InitializeAsync() => database = await TestDatabase.Create(StorageProvider.Postgres);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            server?.Dispose();
        }

        http.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Three_servers_one_killed_mid_sale_and_restarted_sell_each_unit_once_within_the_limit_and_lose_no_answer()
    {
        var (won, orders) = await SellWhile(async () =>
        {
            var killed = servers[1]!;
            var pid = killed.Pid;
            servers[1] = null;
            killed.Dispose(); // SIGKILL, mid-sale: its block of units is stranded until another server reaps it.
            var stranded = await LeasedBy(pid);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (await LeasedBy(pid) > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20, Ct);
            }

            var returned = clock.Elapsed;
            servers[1] = await ServerProcess.Start(database);
            var bound = Rollout.Launches.LeaseRows.Term.ToTimeSpan() + TimeSpan.FromSeconds(1); // The issue's bound: the lease's term plus a second.
            Assert.True(returned < bound, $"The killed server's {stranded} lease(s) came back after {returned.TotalSeconds:0.00} s");
        });
        await Check(won, orders);
    }

    [Fact]
    public async Task Servers_restarted_one_by_one_mid_sale_lose_no_claim_or_order_and_every_error_is_mended_by_a_retry()
    {
        var (won, orders) = await SellWhile(async () =>
        {
            for (var i = 0; i < servers.Length; i++)
            {
                var stopping = servers[i]!;
                servers[i] = null; // Out of the balancer first, as a deploy does; its requests under way drain.
                await stopping.Stop();
                servers[i] = await ServerProcess.Start(database);
            }
        });
        await Check(won, orders);
        using var staff = await servers[0]!.Admin();
        Assert.Equal(0, (await staff.GetFromJsonAsync<Audit>($"/api/sales/{Sale}/audit", Ct))!.UnitsInLeases); // Stopped servers gave their blocks back.
    }

    /// <summary>
    /// Three servers, a sale opening in a few seconds and a crowd signed up; then the crowd claims and buyers check
    /// out, round robin, while <paramref name="disrupt"/> runs once a hundred units are won. The answers given.
    /// </summary>
    private async Task<(ConcurrentDictionary<(int Customer, string Key), Guid> Won, ConcurrentDictionary<string, Guid> Orders)> SellWhile(Func<Task> disrupt)
    {
        for (var i = 0; i < servers.Length; i++)
        {
            servers[i] = await ServerProcess.Start(database); // One after another: the first migrates and loads the demo.
        }

        using var admin = await servers[0]!.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = Units }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = Units }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8-BLK-128", location = "madrid-dc", quantity = 200 }, Ct)).EnsureSuccessStatusCode();
        var madrid = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var opening = TestClock.Running.Now().Plus(NodaTime.Duration.FromSeconds(8)); // Every server reads the same clock.
        string Local(NodaTime.Instant at) => WallClock.Format(at.InZone(madrid).LocalDateTime);
        (await admin.PostAsJsonAsync("/api/launches", new { code = "es-multi", market = "ES", startsAt = Local(opening), venue = "Madrid" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/launches/es-multi/sales", new
        {
            code = Sale, sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = Units, price = 499m,
            opensAt = Local(opening), closesAt = Local(opening.Plus(NodaTime.Duration.FromDays(1))), perCustomerLimit = Limit, holdMinutes = 60,
        }, Ct)).EnsureSuccessStatusCode();

        var tokens = new string[Customers];
        for (var i = 0; i < Customers; i++)
        {
            var at = servers[i % 3]!.Address; // Signed up and in on one server, claiming on all three (one key ring).
            (await http.PostAsJsonAsync(new Uri(at, "/api/customers"), new { email = $"fan{i}@example.es", password = ServerProcess.Password }, Ct)).EnsureSuccessStatusCode();
            var signedIn = await http.PostAsJsonAsync(new Uri(at, "/api/customers/token"), new { email = $"fan{i}@example.es", password = ServerProcess.Password }, Ct);
            tokens[i] = (await signedIn.Content.ReadFromJsonAsync<Token>(Ct))!.AccessToken;
        }

        var wait = opening - TestClock.Running.Now();
        if (wait > NodaTime.Duration.Zero)
        {
            await Task.Delay(wait.ToTimeSpan() + TimeSpan.FromMilliseconds(300), Ct);
        }

        var won = new ConcurrentDictionary<(int Customer, string Key), Guid>();
        var next = 0;
        var claimers = Enumerable.Range(0, 24).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= 1_500)
            {
                var (customer, key) = (n % Customers, $"k{n / Customers % 16}"); // 16 keys each, past the limit, each key sent again later.
                var response = await Send(n + (n / Customers), () => // Each customer reaches every server in turn.
                {
                    var message = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{Sale}/claims");
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[customer]);
                    message.Headers.Add("Idempotency-Key", key);
                    return message;
                });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var answer = (await response.Content.ReadFromJsonAsync<ClaimAnswer>(Ct))!;
                if (answer is { Outcome: "won", Claim: { } id })
                {
                    Assert.Equal(won.GetOrAdd((customer, key), id), id); // A key sent again, to any server, answers its one claim.
                }
            }
        }).ToList();

        var orders = new ConcurrentDictionary<string, Guid>();
        var buyers = Enumerable.Range(0, 4).Select(async b =>
        {
            for (var n = 0; n < 40; n++)
            {
                var key = $"order-{b}-{n}";
                var response = await Send(n + b, () => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                {
                    Content = JsonContent.Create(Shop.GuestOrder($"buyer{b}-{n}@example.es", sku: "NOVA8-BLK-128")),
                    Headers = { { "Idempotency-Key", key } },
                });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Assert.Equal(orders.GetOrAdd(key, (await response.Content.ReadFromJsonAsync<PlacedOrder>(Ct))!.Id), orders[key]);
            }
        }).ToList();

        while (won.Count < 100)
        {
            await Task.Delay(2, Ct);
        }

        await disrupt();
        await Task.WhenAll(claimers.Concat(buyers));

        // The crowd's last answers may have come while units sat in another server's block or a dead one's (sold out for
        // a moment): customers below the limit try again until every unit is won, or five seconds pass.
        var late = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; won.Count < Units && late.Elapsed < TimeSpan.FromSeconds(5); round++)
        {
            foreach (var customer in Enumerable.Range(0, Customers).Where(c => won.Keys.Count(k => k.Customer == c) < Limit))
            {
                var key = $"late-{round}";
                var response = await Send(customer + round, () =>
                {
                    var message = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{Sale}/claims");
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[customer]);
                    message.Headers.Add("Idempotency-Key", key);
                    return message;
                });
                if ((await response.Content.ReadFromJsonAsync<ClaimAnswer>(Ct))! is { Outcome: "won", Claim: { } id })
                {
                    won[(customer, key)] = id;
                }
            }

            await Task.Delay(100, Ct);
        }

        return (won, orders);
    }

    /// <summary>
    /// Sends a request round robin from server <paramref name="first"/>; a server that does not answer (stopped or
    /// killed under it, a 5xx, a 409 to try again) gets the same request, same key, on the next. A key whose first
    /// request died with its server is taken over after ten seconds, so a client keeps trying for thirty; the test fails
    /// if no server answers by then.
    /// </summary>
    private async Task<HttpResponseMessage> Send(int first, Func<HttpRequestMessage> request)
    {
        var seen = new List<string>();
        var patience = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; patience.Elapsed < TimeSpan.FromSeconds(30); attempt++)
        {
            if (servers[(first + attempt) % 3] is not { } server)
            {
                await Task.Delay(50, Ct);
                continue;
            }

            try
            {
                var message = request();
                message.RequestUri = new Uri(server.Address, message.RequestUri!.OriginalString);
                var response = await http.SendAsync(message, Ct);
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                {
                    return response;
                }

                seen.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                seen.Add(e.GetType().Name); // Stopped or killed under this request: the client asks the next server.
            }

            await Task.Delay(attempt < 10 ? 20 : 250, Ct);
        }

        Assert.Fail($"No server answered: {string.Join("; ", seen)}");
        return null!;
    }

    /// <summary>What must hold after any disruption: the database agrees with every answer, and with itself.</summary>
    private async Task Check(ConcurrentDictionary<(int Customer, string Key), Guid> won, ConcurrentDictionary<string, Guid> orders)
    {
        using var staff = await servers[2]!.Admin();
        var audit = (await staff.GetFromJsonAsync<Audit>($"/api/sales/{Sale}/audit", Ct))!;
        Assert.True(audit.Consistent, audit.ToString());
        Assert.Equal((0, 0, 0), (audit.Oversold, audit.Duplicates, audit.CustomersOverLimit));
        Assert.Equal(Units, audit.ClaimsWon); // Customers × limit = units: every unit sold, stranded ones too, each customer at the limit.
        Assert.Equal(Units, audit.AllocationReserved);
        await Task.Delay(1_100, Ct); // The live page shows whole seconds: the last win's second is over.
        var live = (await staff.GetFromJsonAsync<Live>($"/api/sales/{Sale}/live", Ct))!;
        Assert.Equal((0, Units), (live.UnitsLeft, (int)live.Seconds.Sum(s => s.Won))); // The whole sale's figures, on any server (it sold within the minute shown).
        var stored = (await staff.GetFromJsonAsync<List<ClaimRow>>($"/api/sales/{Sale}/claims", Ct))!.ToDictionary(c => c.Id);
        Assert.All(won, w => Assert.Equal((w.Key.Key, "won"), (stored.GetValueOrDefault(w.Value)?.Key, stored.GetValueOrDefault(w.Value)?.Status)));
        foreach (var id in orders.Values)
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/orders/{id}", Ct)).StatusCode);
        }

        var level = (await staff.GetFromJsonAsync<List<Level>>("/api/stock?sku=NOVA8-BLK-128&location=madrid-dc", Ct))!.Single();
        Assert.Equal(200 - orders.Count, level.Available); // Every order answered holds its unit, none twice, none unanswered.
    }

    private async Task<long> LeasedBy(int pid)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM sale_leases WHERE "Server" LIKE @server""", connection);
        command.Parameters.AddWithValue("server", $"%/{pid}/%");
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
