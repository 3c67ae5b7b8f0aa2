using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Rollout.Orders;

namespace Rollout.Bench;

/// <summary>What one run measured; the JSON the issue asks for, plus the bare-endpoint rate of the same machine.</summary>
public sealed record CheckoutResult(
    string Provider,
    int Shoppers,
    int Stock,
    int OrdersPlaced,
    int OrdersPaid,
    int SoldOut,
    double CheckoutsPerSecond,
    double CheckoutP50Ms,
    double CheckoutP99Ms,
    int Errors,
    int Oversold,
    double Seconds,
    int RequestsPerCheckout,
    double BareRequestsPerSecond,
    double CheckoutRequestsPerSecond,
    IReadOnlyList<string> ErrorSamples,
    int Servers,
    bool Sticky,
    double? OneServerCheckoutsPerSecond,
    double? ServersOverOneServer);

/// <summary>
/// The checkout load generator: starts the real server (Release build, its own process) on a fresh database, stocks
/// one phone, then lets every shopper arrive at once and go through the HTTP API like a browser would: open a cart,
/// add the phone, give an address, choose shipping, check out, and have the card provider confirm with a signed
/// webhook. A shopper told "sold out" is a clear answer, not an error. Afterwards the database is asked how many
/// orders exist and what stock says, so an oversell cannot hide.
///
/// With <c>--servers N</c> (PostgreSQL) N servers share the database and a shopper's requests go to them in turn (no
/// affinity: the cart is opened on one, changed on the next, checked out on another). The same crowd first buys a
/// second phone through the first server alone, for the one-server figure of the same run.
/// </summary>
public static class CheckoutBench
{
    private const string Sku = "NOVA8P-BLK-256";
    private const string WarmUpSku = "NOVA8-BLK-128";
    private const int WarmUpShoppers = 10_000;
    private const string Secret = "bench-card-webhook-secret-0123456789";
    private const string AdminEmail = "admin@bench.local";
    private const string AdminPassword = "Bench-Admin-Pass-1";

    public static async Task<int> Run(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            return 2;
        }

        // Disposed in reverse: the server stops before its database goes.
        await using var database = await BenchDatabase.Create(options.Provider, options.Connection);
        var servers = new List<BenchServer>();
        try
        {
            for (var i = 0; i < options.Servers; i++)
            {
                servers.Add(await BenchServer.Start(options.Provider, database.ConnectionString, database.Folder, AdminEmail, AdminPassword, [$"--Rollout:Payments:Card:Secret={Secret}"]));
            }

            var clients = servers.Select(s => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
                { BaseAddress = s.Address, Timeout = TimeSpan.FromMinutes(5) }).ToArray();
            try
            {
                var result = await Measure(clients, options);
                await BenchDatabase.Report(result, options.Json);
                return result.Oversold == 0 && result.Errors == 0 ? 0 : 1;
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static async Task<CheckoutResult> Measure(HttpClient[] clients, Options options)
    {
        var http = clients[0];
        // Each request to the next server; with --sticky, each shopper's requests to one server (a balancer's affinity).
        HttpClient Any(int shopper, int request) => clients[(((shopper + (options.Sticky ? 0 : request)) % clients.Length) + clients.Length) % clients.Length];
        await Stock(http, options.Stock, clients.Length > 1);
        var card = new SignedWebhookPayment("card", "Card", Encoding.UTF8.GetBytes(Secret));

        // Warm up (JIT tiers, pools, caches) with another phone, so the figure is the server's steady state, not its start.
        // Ten waves of a thousand: the JIT recompiles hot code into its optimised tier for tens of seconds after a cold start.
        for (var wave = 0; wave < WarmUpShoppers / 1000; wave++)
        {
            await Task.WhenAll(Enumerable.Range(wave * 1000, 1000).Select(i => Shop(Any, card, -1 - i, WarmUpSku)));
        }

        double? oneServer = null;
        if (clients.Length > 1)
        {
            var (one, oneSeconds) = await Crowd((_, _) => http, card, options.Shoppers, WarmUpSku, options.Shoppers * 10);
            oneServer = Math.Round(one.Count(o => o.Kind == OutcomeKind.Paid) / oneSeconds, 1);
        }

        var before = (await Audit(http)).Orders;

        // The bare rate: the cheapest endpoint (no database) hit the same way, for the ratio.
        var bare = await Bare(clients, requests: 20_000, concurrency: options.Connections);

        var (outcomes, seconds) = await Crowd(Any, card, options.Shoppers, Sku, 0);

        var paid = outcomes.Count(o => o.Kind == OutcomeKind.Paid);
        var latencies = outcomes.Where(o => o.Kind == OutcomeKind.Paid).Select(o => o.Milliseconds).Order().ToArray();
        var (ordersAfter, onHand, available) = await Audit(http);
        var ordersInDatabase = ordersAfter - before;
        var requests = outcomes.Sum(o => o.Requests);
        return new CheckoutResult(
            options.Provider,
            options.Shoppers,
            options.Stock,
            ordersInDatabase,
            paid,
            outcomes.Count(o => o.Kind == OutcomeKind.SoldOut),
            Math.Round(paid / seconds, 1),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            outcomes.Count(o => o.Kind == OutcomeKind.Error),
            Math.Max(0, ordersInDatabase - options.Stock) + (available < 0 || onHand < 0 ? 1 : 0),
            Math.Round(seconds, 2),
            6,
            Math.Round(bare, 0),
            Math.Round(requests / seconds, 0),
            [.. outcomes.Where(o => o.Kind == OutcomeKind.Error).Select(o => o.Detail).Distinct().Take(5)],
            clients.Length,
            options.Sticky,
            oneServer,
            oneServer is > 0 ? Math.Round(paid / seconds / oneServer.Value, 2) : null);
    }

    /// <summary>Every shopper arrives at once and shops; the outcomes and how long the crowd took.</summary>
    private static async Task<(Outcome[] Outcomes, double Seconds)> Crowd(Func<int, int, HttpClient> server, SignedWebhookPayment card, int count, string sku, int numbering)
    {
        var outcomes = new Outcome[count];
        var gate = new TaskCompletionSource();
        var shoppers = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            outcomes[i] = await Shop(server, card, numbering + i, sku);
        }).ToList();
        var clock = Stopwatch.StartNew();
        gate.SetResult();
        await Task.WhenAll(shoppers);
        return (outcomes, clock.Elapsed.TotalSeconds);
    }

    private enum OutcomeKind
    {
        Paid,
        SoldOut,
        Error,
    }

    private sealed record Outcome(OutcomeKind Kind, double Milliseconds, int Requests, string Detail);

    /// <summary>One shopper: cart, add, address, shipping, checkout, the provider's signed confirmation.</summary>
    private static async Task<Outcome> Shop(Func<int, int, HttpClient> server, SignedWebhookPayment card, int n, string sku)
    {
        var clock = Stopwatch.StartNew();
        var requests = 0;
        Outcome Done(OutcomeKind kind, string detail = "") => new(kind, clock.Elapsed.TotalMilliseconds, requests, detail);
        try
        {
            requests++;
            using var opened = await server(n, requests).PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" });
            if (opened.StatusCode != HttpStatusCode.Created)
            {
                return Done(OutcomeKind.Error, await Describe("open cart", opened));
            }

            var cart = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            requests++;
            using var line = new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cart}/lines") { Content = JsonContent.Create(new { sku, quantity = 1 }) };
            line.Headers.Add("Idempotency-Key", $"add-{n}");
            using var added = await server(n, requests).SendAsync(line);
            if (await IsSoldOut(added))
            {
                return Done(OutcomeKind.SoldOut);
            }

            if (added.StatusCode != HttpStatusCode.OK)
            {
                return Done(OutcomeKind.Error, await Describe("add", added));
            }

            requests++;
            using var address = await server(n, requests).PutAsJsonAsync($"/api/carts/{cart}/address", new
            {
                email = $"shopper{n}@example.es",
                address = new { name = $"Shopper {n}", line1 = "Calle Mayor 1", postalCode = "28013", city = "Madrid", country = "ES" },
            });
            if (address.StatusCode != HttpStatusCode.OK)
            {
                return Done(OutcomeKind.Error, await Describe("address", address));
            }

            requests++;
            using var shipping = await server(n, requests).PutAsJsonAsync($"/api/carts/{cart}/shipping", new { method = "standard" });
            if (shipping.StatusCode != HttpStatusCode.OK)
            {
                return Done(OutcomeKind.Error, await Describe("shipping", shipping));
            }

            requests++;
            using var checkout = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cart}/checkout") { Content = JsonContent.Create(new { payment = "card" }) };
            checkout.Headers.Add("Idempotency-Key", $"checkout-{n}");
            using var placed = await server(n, requests).SendAsync(checkout);
            if (await IsSoldOut(placed))
            {
                return Done(OutcomeKind.SoldOut);
            }

            if (placed.StatusCode != HttpStatusCode.Created)
            {
                return Done(OutcomeKind.Error, await Describe("checkout", placed));
            }

            var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
            var body = JsonSerializer.Serialize(new
            {
                id = $"evt_{n}",
                type = "payment.succeeded",
                reference = order.GetProperty("payment").GetProperty("reference").GetString(),
                amount = order.GetProperty("total").GetDecimal(),
                currency = order.GetProperty("currency").GetString(),
            });
            requests++;
            using var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/payments/card/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            webhook.Headers.Add(SignedWebhookPayment.SignatureHeader, card.Sign(body, NodaTime.SystemClock.Instance.GetCurrentInstant()));
            using var confirmed = await server(n, requests).SendAsync(webhook);
            return confirmed.StatusCode == HttpStatusCode.OK ? Done(OutcomeKind.Paid) : Done(OutcomeKind.Error, await Describe("webhook", confirmed));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return Done(OutcomeKind.Error, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task<bool> IsSoldOut(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("\"stock.sold_out\"", StringComparison.Ordinal);

    private static async Task<string> Describe(string step, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return $"{step}: {(int)response.StatusCode} {(body.Length > 300 ? body[..300] : body)}";
    }

    private static async Task<double> Bare(HttpClient[] clients, int requests, int concurrency)
    {
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= requests)
            {
                using var response = await clients[n % clients.Length].GetAsync("/api/payments/providers");
                response.EnsureSuccessStatusCode();
            }
        }));
        return requests / clock.Elapsed.TotalSeconds;
    }

    private static async Task Stock(HttpClient http, int units, bool oneServerPhase)
    {
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        (await http.PostAsJsonAsync("/api/stock/locations", new { code = "bench-dc", name = "Bench warehouse", kind = "warehouse", serves = new[] { "ES" } })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/stock/receipts", new { sku = Sku, location = "bench-dc", quantity = units })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/stock/receipts", new { sku = WarmUpSku, location = "bench-dc", quantity = WarmUpShoppers + (oneServerPhase ? units : 0) })).EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = null;
    }

    /// <summary>What the database says after the run: orders placed, and the level of the phone.</summary>
    private static async Task<(int Orders, int OnHand, int Available)> Audit(HttpClient http)
    {
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { email = AdminEmail, password = AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var counts = await http.GetFromJsonAsync<Dictionary<string, int>>("/api/orders/counts?market=ES");
        var level = (await http.GetFromJsonAsync<JsonElement>($"/api/stock?sku={Sku}&location=bench-dc"))[0];
        http.DefaultRequestHeaders.Authorization = null;
        return (counts!.Values.Sum(), level.GetProperty("onHand").GetInt32(), level.GetProperty("available").GetInt32());
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    private sealed record Options(string Provider, string? Json, int Shoppers, int Stock, int Connections, string? Connection, int Servers, bool Sticky)
    {
        public static Options? Parse(string[] args)
        {
            string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            var provider = Value("--provider") ?? "sqlite";
            if (provider is not ("sqlite" or "postgres"))
            {
                Console.Error.WriteLine($"--provider: '{provider}' is not a provider; use sqlite or postgres.");
                return null;
            }

            int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
            var options = new Options(provider, Value("--json"), Number("--shoppers", 2000), Number("--stock", 1000), Number("--connections", 256),
                Value("--connection") ?? Environment.GetEnvironmentVariable("ROLLOUT_BENCH_POSTGRES"), Number("--servers", 1), args.Contains("--sticky"));
            if (options.Servers < 1 || (options.Servers > 1 && provider != "postgres"))
            {
                Console.Error.WriteLine("--servers: 1 or more, and more than 1 only with --provider postgres (SQLite serves one server).");
                return null;
            }

            return options;
        }
    }
}
