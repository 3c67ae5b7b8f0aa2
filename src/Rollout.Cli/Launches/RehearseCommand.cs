using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Cli;
using Rollout.Identity;

namespace Rollout.Launches;

/// <summary>
/// <c>rollout rehearse</c>: a launch rehearsal against a running server, through its API like a real crowd. It makes
/// (or uses) a flash sale, registers made-up customers who wait in the room before the opening, then has each make
/// several claims at the opening (double clicks and retries included), shows progress live, and ends with a report
/// read back from the server: outcomes by kind, claims per second, latency percentiles, units sold against stock, and
/// the oversell, duplicate and lost-answer checks. Run it against a staging server: it adds stock, a launch and
/// customers there.
/// </summary>
public static class RehearseCommand
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The running server.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ROLLOUT_SERVER") ?? "http://localhost:5080" };
        var key = new Option<string?>("--key") { Description = "A staff key with the launch-manager and inventory-manager roles (rollout staff keys issue). Prefer ROLLOUT_KEY: a command line is visible to other users of the machine." };
        var sale = new Option<string?>("--sale") { Description = "Rehearse on this existing sale instead of making one." };
        var units = new Option<int>("--units") { Description = "Units of the sale made for the rehearsal.", DefaultValueFactory = _ => 300 };
        var customers = new Option<int>("--customers") { Description = "Made-up customers in the crowd.", DefaultValueFactory = _ => 100 };
        var attempts = new Option<int>("--attempts") { Description = "Claims each customer makes (new keys), besides double clicks and retries.", DefaultValueFactory = _ => 5 };
        var limit = new Option<int>("--limit") { Description = "Units per customer in the sale made.", DefaultValueFactory = _ => 4 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 32 };
        var market = new Option<string>("--market") { Description = "Market of the sale made (live).", DefaultValueFactory = _ => "ES" };
        var channel = new Option<string>("--channel") { Description = "Channel of the sale made.", DefaultValueFactory = _ => "es-online" };
        var sku = new Option<string>("--sku") { Description = "Variant of the sale made.", DefaultValueFactory = _ => "NOVA8P-BLK-256" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var command = new Command("rehearse", "Rehearses a launch against a running server: a sale, a crowd at the opening, a report checked against the database.")
        {
            server, key, sale, units, customers, attempts, limit, concurrency, market, channel, sku, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var plan = new Plan(
                parse.GetValue(server)!, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("ROLLOUT_KEY"),
                parse.GetValue(sale), parse.GetValue(units), parse.GetValue(customers), parse.GetValue(attempts), parse.GetValue(limit), parse.GetValue(concurrency),
                parse.GetValue(market)!, parse.GetValue(channel)!, parse.GetValue(sku)!, parse.GetValue(json));
            if (plan.Problem() is { } problem)
            {
                return CliHost.Fail(problem);
            }

            try
            {
                // The server's clock may be shifted for a rehearsal (Rollout:Clock:Now): the CLI reads the same settings.
                return await Rehearse(plan, ShiftedClock.From(CliHost.Settings()), ct);
            }
            catch (HttpRequestException e)
            {
                return CliHost.Fail($"--server: {plan.Server} does not answer ({e.Message}). Start it with: dotnet run --project src/Rollout.Server");
            }
            catch (RehearsalException e)
            {
                return CliHost.Fail(e.Message);
            }
        });
        return command;
    }

    private sealed record Plan(string Server, string? Key, string? Sale, int Units, int Customers, int Attempts, int Limit, int Concurrency,
        string Market, string Channel, string Sku, string? Json)
    {
        public string? Problem() =>
            !Uri.TryCreate(Server, UriKind.Absolute, out _) ? $"--server: '{Server}' is not a URL (http://localhost:5080)."
            : string.IsNullOrEmpty(Key) || !Key.StartsWith(StaffApiKey.Prefix, StringComparison.Ordinal)
                ? $"--key (or ROLLOUT_KEY): a staff key ({StaffApiKey.Prefix}….…) to make and read the sale, issued with: rollout staff keys issue --email … --name rehearsal --role launch-manager inventory-manager"
            : Units is < 1 or > 1_000_000 ? "--units: 1 to 1,000,000."
            : Customers is < 1 or > 100_000 ? "--customers: 1 to 100,000."
            : Attempts is < 1 or > 100 ? "--attempts: 1 to 100."
            : Limit is < 1 or > 10 ? "--limit: 1 to 10 units per customer."
            : Concurrency is < 1 or > 1_024 ? "--concurrency: 1 to 1,024."
            : null;
    }

    private sealed class RehearsalException(string message) : Exception(message);

    private sealed record Answer(string Outcome, Guid? Claim, double Ms, int Customer, string Key);

    private static async Task<int> Rehearse(Plan plan, TimeProvider clock, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = plan.Concurrency };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(plan.Server), Timeout = TimeSpan.FromSeconds(60) };
        var staff = plan.Key!;
        var run = clock.GetUtcNow().ToString("MMddHHmmss", CultureInfo.InvariantCulture);
        var (code, opensAt, stock) = plan.Sale is { } existing ? await Existing(http, staff, existing, ct) : await MakeSale(http, staff, plan, run, clock, ct);

        Progress($"registering {plan.Customers} customers and putting them in the waiting room");
        var tokens = new string[plan.Customers];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Customers), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(plan.Concurrency, 16), CancellationToken = ct }, async (i, token) =>
        {
            var customer = $"rehearsal-{run}-{i}@rehearsal.invalid";
            const string Secret = "Rehearsal-Pass-1234";
            await Expect(await http.PostAsJsonAsync("/api/customers", new { email = customer, password = Secret, name = $"Rehearsal {i}" }, token), "registering a customer", token);
            tokens[i] = await SignIn(http, "/api/customers/token", customer, Secret, token);
            using var room = Authorized(HttpMethod.Post, $"/api/sales/{code}/room", tokens[i]);
            using var _ = await http.SendAsync(room, token); // Before the opening: into the draw. After it: a place at the end.
            using var registration = Authorized(HttpMethod.Post, $"/api/sales/{code}/registrations", tokens[i]);
            using var __ = await http.SendAsync(registration, token);
        });

        var wait = opensAt - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            Progress($"the sale opens in {wait.TotalSeconds:0} s");
            await Task.Delay(wait + TimeSpan.FromMilliseconds(100), ct);
        }

        // Each customer's attempts, shuffled the same way every run: new keys, some double clicks (the same key twice at
        // once) and some retries (the same key again after the answer).
        var random = new Random(42);
        var work = Enumerable.Range(0, plan.Customers).SelectMany(c => Enumerable.Range(0, plan.Attempts).Select(a => (Customer: c, Key: $"{run}-{c}-{a}", Kind: random.Next(10) switch { 0 or 1 => "double", 2 => "retry", _ => "once" })))
            .OrderBy(_ => random.Next()).ToList();
        var answers = new ConcurrentBag<Answer>();
        var stopwatch = Stopwatch.StartNew();
        var next = -1;
        using var reporter = new Timer(_ => Progress(Line(answers, stopwatch, stock)), null, 250, 250);
        await Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Count)
            {
                var (customer, key, kind) = work[i];
                var first = Claim(http, code, tokens[customer], customer, key, stopwatch, ct);
                if (kind == "double")
                {
                    answers.Add(await Claim(http, code, tokens[customer], customer, key, stopwatch, ct));
                }

                answers.Add(await first);
                if (kind == "retry")
                {
                    answers.Add(await Claim(http, code, tokens[customer], customer, key, stopwatch, ct));
                }
            }
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await reporter.DisposeAsync();
        Progress(Line(answers, stopwatch, stock));
        Console.Error.WriteLine();

        var audit = await Get(http, staff, $"/api/sales/{code}/audit", ct);
        var stored = (await Get(http, staff, $"/api/sales/{code}/claims", ct)).EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetGuid(), c => c.GetProperty("key").GetString());
        var won = answers.Where(a => a.Outcome == "won").ToList();
        var lost = won.Select(a => a.Claim!.Value).Distinct().Count(id => !stored.ContainsKey(id));
        var twice = won.GroupBy(a => (a.Customer, a.Key)).Count(g => g.Select(a => a.Claim).Distinct().Count() > 1);
        var sorted = answers.Select(a => a.Ms).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
        var report = new RehearsalReport(
            code, stock, audit.GetProperty("claimsWon").GetInt32() + audit.GetProperty("claimsOrdered").GetInt32(), answers.Count, Math.Round(answers.Count / seconds, 0), Math.Round(seconds, 2),
            Outcomes(answers),
            Percentile(0.50), Percentile(0.90), Percentile(0.99), sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
            audit.GetProperty("oversold").GetInt32(), audit.GetProperty("duplicates").GetInt32() + twice, lost, audit.GetProperty("customersOverLimit").GetInt32(), audit.GetProperty("consistent").GetBoolean());
        Print(report);
        if (plan.Json is { } file)
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, Web) + Environment.NewLine, ct);
        }

        return report.Oversold == 0 && report.Duplicates == 0 && report.LostAcknowledged == 0 && report.CustomersOverLimit == 0 && report.Consistent && !report.Outcomes.ContainsKey("error") ? 0 : 1;
    }

    /// <summary>What the rehearsal found; every check must be zero for the command to succeed.</summary>
    public sealed record RehearsalReport(
        string Sale,
        int Stock,
        int UnitsSold,
        int Claims,
        double ClaimsPerSecond,
        double Seconds,
        IReadOnlyDictionary<string, int> Outcomes,
        double P50Ms,
        double P90Ms,
        double P99Ms,
        double MaxMs,
        int Oversold,
        int Duplicates,
        int LostAcknowledged,
        int CustomersOverLimit,
        bool Consistent);

    private static void Print(RehearsalReport r)
    {
        Console.WriteLine($"Rehearsal of sale {r.Sale}");
        Console.WriteLine();
        CliHost.Table(["OUTCOME", "ANSWERS"], r.Outcomes.Select(o => (IReadOnlyList<string>)[o.Key, o.Value.ToString("N0", CultureInfo.InvariantCulture)]));
        Console.WriteLine();
        Console.WriteLine($"claims          {r.Claims:N0} in {r.Seconds} s: {r.ClaimsPerSecond:N0}/s");
        Console.WriteLine($"latency (ms)    p50 {r.P50Ms}  p90 {r.P90Ms}  p99 {r.P99Ms}  max {r.MaxMs}");
        Console.WriteLine($"units sold      {r.UnitsSold:N0} of {r.Stock:N0}");
        Console.WriteLine($"oversold        {r.Oversold}");
        Console.WriteLine($"duplicates      {r.Duplicates}");
        Console.WriteLine($"lost 'won'      {r.LostAcknowledged}");
        Console.WriteLine($"over the limit  {r.CustomersOverLimit}");
        Console.WriteLine(r.Oversold + r.Duplicates + r.LostAcknowledged + r.CustomersOverLimit == 0 && r.Consistent
            ? "PASS: nothing oversold, duplicated, lost or over a limit (read back from the database)."
            : "FAIL: see the checks above.");
    }

    /// <summary>Answers by outcome; a "won" that names a claim already answered (a double click, a retry) counts as won_again.</summary>
    private static Dictionary<string, int> Outcomes(IEnumerable<Answer> answers)
    {
        var claims = new HashSet<Guid>();
        return answers.Select(a => a.Outcome == "won" && !claims.Add(a.Claim!.Value) ? "won_again" : a.Outcome)
            .GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Line(ConcurrentBag<Answer> answers, Stopwatch clock, int stock)
    {
        var snapshot = answers.ToArray();
        var won = snapshot.Where(a => a.Outcome == "won").Select(a => a.Claim).Distinct().Count();
        return $"claims {snapshot.Length,7:N0} · won {won,6:N0}/{stock:N0} · sold out {snapshot.Count(a => a.Outcome == "sold_out"),6:N0} · queued {snapshot.Count(a => a.Outcome == "queued"),5:N0} · {snapshot.Length / Math.Max(0.001, clock.Elapsed.TotalSeconds),7:N0}/s";
    }

    private static void Progress(string line)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.Error.Write($"\r{line,-100}");
        }
    }

    private static async Task<Answer> Claim(HttpClient http, string sale, string token, int customer, string key, Stopwatch clock, CancellationToken ct)
    {
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            using var request = Authorized(HttpMethod.Post, $"/api/sales/{sale}/claims", token);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var ms = clock.Elapsed.TotalMilliseconds - started;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Answer("error", null, ms, customer, key);
            }

            var answer = JsonDocument.Parse(body).RootElement;
            return new Answer(answer.GetProperty("outcome").GetString()!, answer.TryGetProperty("claim", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null, ms, customer, key);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Answer("error", null, clock.Elapsed.TotalMilliseconds - started, customer, key);
        }
    }

    /// <summary>A sale for the rehearsal: units received in a rehearsal warehouse and allocated to the channel, at a tenth off today's price, opening in a few seconds.</summary>
    private static async Task<(string Code, DateTimeOffset OpensAt, int Units)> MakeSale(HttpClient http, string staff, Plan plan, string run, TimeProvider clock, CancellationToken ct)
    {
        var market = await Get(http, staff, $"/api/markets/{plan.Market}", ct);
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[market.GetProperty("timeZone").GetString()!];
        var price = await Get(http, staff, $"/api/prices/{plan.Market}/{plan.Sku}?channel={plan.Channel}", ct);
        var location = $"rehearsal-{plan.Market.ToLowerInvariant()}";
        using (var created = await Send(http, staff, HttpMethod.Post, "/api/stock/locations", new { code = location, name = "Rehearsal warehouse", kind = "warehouse", serves = new[] { plan.Market } }, ct))
        {
            if (created.StatusCode != HttpStatusCode.Conflict)
            {
                await Expect(created, "making the rehearsal warehouse", ct);
            }
        }

        await Expect(await Send(http, staff, HttpMethod.Post, "/api/stock/receipts", new { sku = plan.Sku, location, quantity = plan.Units, reference = $"rehearsal {run}" }, ct), "receiving the rehearsal's stock", ct);
        await Expect(await Send(http, staff, HttpMethod.Post, "/api/stock/allocations", new { sku = plan.Sku, location, channel = plan.Channel, quantity = plan.Units }, ct), "allocating it to the channel", ct);
        var opens = clock.Now().Plus(NodaTime.Duration.FromSeconds(Math.Max(10, plan.Customers / 20)));
        string Local(NodaTime.Instant at) => WallClock.Format(at.InZone(zone).LocalDateTime);
        var launch = $"rehearsal-{run}";
        await Expect(await Send(http, staff, HttpMethod.Post, "/api/launches", new { code = launch, market = plan.Market, startsAt = Local(opens), venue = "Rehearsal", description = "A launch rehearsal (rollout rehearse)." }, ct), "making the launch", ct);
        await Expect(await Send(http, staff, HttpMethod.Post, $"/api/launches/{launch}/sales", new
        {
            code = launch, sku = plan.Sku, location, channel = plan.Channel, units = plan.Units, price = Math.Round(price.GetProperty("gross").GetDecimal() * 0.9m, 2),
            opensAt = Local(opens), closesAt = Local(opens.Plus(NodaTime.Duration.FromHours(1))), perCustomerLimit = plan.Limit, holdMinutes = 15,
        }, ct), "making the sale", ct);
        Progress($"sale {launch}: {plan.Units} units of {plan.Sku} in {plan.Market}, opening at {Local(opens)} ({zone.Id})");
        Console.Error.WriteLine();
        return (launch, opens.ToDateTimeOffset(), plan.Units);
    }

    private static async Task<(string Code, DateTimeOffset OpensAt, int Units)> Existing(HttpClient http, string staff, string sale, CancellationToken ct)
    {
        var audit = await Get(http, staff, $"/api/sales/{sale}/audit", ct);
        var live = await Get(http, staff, $"/api/sales/{sale}/live", ct);
        return (sale, live.GetProperty("opensAt").GetDateTimeOffset(), audit.GetProperty("units").GetInt32());
    }

    /// <summary>Signs a made-up customer in at the customers' door.</summary>
    private static async Task<string> SignIn(HttpClient http, string door, string email, string password, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(door, new { email, password }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new RehearsalException($"signing in as {email} failed ({(int)response.StatusCode}).");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        // The staff side acts with its key (StaffKey sk_….…); the made-up customers with their bearer tokens.
        request.Headers.Authorization = new AuthenticationHeaderValue(token.StartsWith(StaffApiKey.Prefix, StringComparison.Ordinal) ? "StaffKey" : "Bearer", token);
        return request;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, string token, HttpMethod method, string url, object body, CancellationToken ct)
    {
        var request = Authorized(method, url, token);
        request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, ct);
    }

    private static async Task<JsonElement> Get(HttpClient http, string token, string url, CancellationToken ct)
    {
        using var request = Authorized(HttpMethod.Get, url, token);
        using var response = await http.SendAsync(request, ct);
        await Expect(response, $"GET {url}", ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).Clone();
    }

    private static async Task Expect(HttpResponseMessage response, string step, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var detail = body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : body;
            throw new RehearsalException($"{step}: {(int)response.StatusCode} {detail}");
        }
    }
}
