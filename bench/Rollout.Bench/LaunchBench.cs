using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Bench;

/// <summary>The figures of one launch run; the issue's fields first, then what explains them.</summary>
public sealed record LaunchResult(
    string Provider,
    double BareRequestsPerSecond,
    double BareP99Ms,
    double ClaimAttemptsPerSecond,
    double ClaimP99Ms,
    double WonCommittedPerSecond,
    double NaiveAttemptsPerSecond,
    double NaiveWonCommittedPerSecond,
    int Oversold,
    int Duplicates,
    int LostAcknowledged,
    double ClaimOverBare,
    double ClaimP99OverBareP99,
    double ClaimOverNaive,
    double WonOverNaiveWon,
    int Units,
    int Customers,
    int Connections,
    int ClaimAttempts,
    double SecondsToSellOut,
    double ClaimP50Ms,
    double BareP50Ms,
    double NaiveP99Ms,
    IReadOnlyDictionary<string, int> Outcomes,
    int UnitsWon,
    int CustomersOverLimit,
    int Errors,
    IReadOnlyList<string> ErrorSamples,
    int Servers,
    double? OneServerWonCommittedPerSecond,
    double? ServersOverOneServer,
    Failover? Failover);

/// <summary>What killing one server mid-sale cost (<c>--kill-one</c>): its stranded units and how soon they came back.</summary>
public sealed record Failover(double KilledAtSeconds, int StrandedUnits, double SecondsUntilReturned, int LostAcknowledged);

/// <summary>
/// The launch benchmark: the real server in its own process on a fresh database, and one load generator beside it
/// that measures, with the same connections and the same customers, (a) the bare endpoint that does no work, (b) the
/// claim endpoint of a flash sale until it sells out and the crowd's last attempts are answered, and (c) the naive
/// claim (one database transaction per attempt on the sale's row) for a fixed time. Every customer makes their limit's
/// worth of attempts plus one over it, and double-clicks the first (the same Idempotency-Key twice at once). Afterwards
/// the database is asked for every claim, so an oversell, a duplicate or a "won" that was lost cannot hide.
///
/// With <c>--servers N</c> (PostgreSQL) N servers share the database: the same sale is sold once through the first
/// server alone and once through all of them, each customer's rounds sent to the servers in turn (a double click goes
/// to one server, as one browser's connection does). <c>--kill-one</c> kills the last server with SIGKILL once a third of
/// the units are won; its unanswered requests go, same key, to the next server.
/// </summary>
public static class LaunchBench
{
    private const string AdminEmail = "admin@bench.local";
    private const string AdminPassword = "Bench-Admin-Pass-1";
    private const string CustomerPassword = "Bench-Customer-Pass-1";
    private const string Sku = "NOVA8P-BLK-256";
    private const string NaiveSku = "NOVA8-BLK-128";
    private const string WarmUpSku = "NOVA8P-BLU-512";
    private const int NaiveUnits = 1_000_000;
    private const int PasswordRounds = 1_000; // Made-up customers: few hashing rounds, so signing thousands in is quick.

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
                servers.Add(await BenchServer.Start(options.Provider, database.ConnectionString, database.Folder, AdminEmail, AdminPassword,
                    [$"--Rollout:Identity:PasswordHashIterations={PasswordRounds}", "--Rollout:Benchmark:NaiveClaims=true", "--Rollout:Payments:Card:Secret=launch-bench-card-secret-0123456789abcdef"]));
            }

            var result = await Measure(servers, options, database.ConnectionString, database.Folder);
            await BenchDatabase.Report(result, options.Json);
            Console.Error.WriteLine(Table(result));
            return result.Oversold == 0 && result.Duplicates == 0 && result.LostAcknowledged == 0 && result.CustomersOverLimit == 0 && result.Errors == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static async Task<LaunchResult> Measure(List<BenchServer> servers, Options options, string connection, string folder)
    {
        using var crowd = new Crowd([.. servers.Select(s => s.Address)], options.Connections);
        var http = crowd.First;
        var admin = await Token(http, "/api/auth/token", AdminEmail, AdminPassword);
        var customers = (options.Units * 11 / 10 + options.Limit - 1) / options.Limit; // Ten per cent more demand than units.
        var warmUnits = Math.Min(options.Units, 20_000);
        await Prepare(http, admin, options, warmUnits);
        Log($"registering {customers:N0} customers");
        var tokens = await Customers(http, options.Provider, connection, folder, customers);

        Log("warming up");
        await Claims(crowd, "bench-warm", tokens[..Math.Min(tokens.Length, warmUnits * 11 / 10 / options.Limit + 1)], options, null);
        await Phase(crowd, options.Connections, TimeSpan.FromSeconds(3), _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"));
        await Naive(http, tokens, options, TimeSpan.FromSeconds(3));

        double? oneServer = null;
        if (servers.Count > 1)
        {
            Log($"claims on one server of {servers.Count}: {options.Units:N0} units");
            var one = await Claims(crowd.OnlyFirst(), "bench-one", tokens, options, null);
            oneServer = WonPerSecond(one.Answers);
        }

        Log($"bare endpoint, on {servers.Count} server(s)");
        var bare = await Phase(crowd, options.Connections, TimeSpan.FromSeconds(options.Seconds), _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"));
        Log($"claims on {servers.Count} server(s): {options.Units:N0} units, {customers:N0} customers, limit {options.Limit}{(options.KillOne ? ", one server killed mid-sale" : "")}");
        var killer = options.KillOne ? new Killer(servers[^1], options.Units / 3, connection) : null;
        var claims = await Claims(crowd, "bench-sale", tokens, options, killer);
        var failover = killer is null ? null : await killer.Report();
        Log("naive claims");
        var naive = await Naive(http, tokens, options, TimeSpan.FromSeconds(options.Seconds));

        Log("checking the database");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var audit = await http.GetFromJsonAsync<JsonElement>("/api/sales/bench-sale/audit");
        var stored = (await http.GetFromJsonAsync<JsonElement>("/api/sales/bench-sale/claims")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet();
        http.DefaultRequestHeaders.Authorization = null;
        var won = claims.Answers.Where(a => a.Outcome == "won").Select(a => a.Claim!.Value).Distinct().ToList();
        var lost = won.Count(id => !stored.Contains(id));
        var oversold = audit.GetProperty("oversold").GetInt32() + Math.Max(0, won.Count - options.Units);
        var perKey = claims.Answers.Where(a => a.Outcome == "won").GroupBy(a => (a.Customer, a.Key)).Count(g => g.Select(a => a.Claim).Distinct().Count() > 1);
        var duplicates = audit.GetProperty("duplicates").GetInt32() + perKey;
        var overLimit = audit.GetProperty("customersOverLimit").GetInt32();

        var sellOut = claims.Answers.Where(a => a.Outcome == "won").Select(a => a.At).DefaultIfEmpty(0).Max();
        var claimRate = claims.Answers.Count / claims.Seconds;
        var wonRate = WonPerSecond(claims.Answers);
        var errors = claims.Answers.Where(a => a.Outcome == "error").ToList();
        return new LaunchResult(
            options.Provider,
            Math.Round(bare.PerSecond, 0),
            bare.P99,
            Math.Round(claimRate, 0),
            Percentile(claims.Answers.Select(a => a.Ms), 0.99),
            Math.Round(sellOut > 0 ? won.Count / sellOut : 0, 0),
            Math.Round(naive.PerSecond, 0),
            Math.Round(naive.Won / naive.Seconds, 0),
            oversold,
            duplicates,
            lost,
            Math.Round(claimRate / bare.PerSecond, 3),
            Math.Round(Percentile(claims.Answers.Select(a => a.Ms), 0.99) / bare.P99, 2),
            Math.Round(claimRate / naive.PerSecond, 1),
            Math.Round(naive.Won > 0 ? won.Count / sellOut / (naive.Won / naive.Seconds) : 0, 1),
            options.Units,
            tokens.Length,
            options.Connections,
            claims.Answers.Count,
            Math.Round(sellOut, 2),
            Percentile(claims.Answers.Select(a => a.Ms), 0.50),
            bare.P50,
            naive.P99,
            claims.Answers.GroupBy(a => a.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            won.Count,
            overLimit,
            errors.Count,
            [.. errors.Select(e => e.Detail).Distinct().Take(5)],
            servers.Count,
            oneServer,
            oneServer is > 0 ? Math.Round(wonRate / oneServer.Value, 2) : null,
            failover is null ? null : failover with { LostAcknowledged = lost });
    }

    /// <summary>Units won and committed per second, until the sale's last win.</summary>
    private static double WonPerSecond(List<Answer> answers)
    {
        var won = answers.Where(a => a.Outcome == "won").Select(a => a.Claim).Distinct().Count();
        var sellOut = answers.Where(a => a.Outcome == "won").Select(a => a.At).DefaultIfEmpty(0).Max();
        return Math.Round(sellOut > 0 ? won / sellOut : 0, 0);
    }

    /// <summary>Stock, allocations, a launch starting in a few seconds and its three sales: measured, naive, warm-up.</summary>
    private static async Task Prepare(HttpClient http, string admin, Options options, int warmUnits)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        async Task Post(string url, object body)
        {
            using var response = await http.PostAsJsonAsync(url, body);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        await Post("/api/stock/locations", new { code = "bench-dc", name = "Bench warehouse", kind = "warehouse", serves = new[] { "ES" } });
        var saleUnits = options.Servers > 1 ? 2 * options.Units : options.Units; // Several servers: the same sale once more, on one of them.
        foreach (var (sku, units) in new[] { (Sku, saleUnits), (NaiveSku, NaiveUnits), (WarmUpSku, warmUnits) })
        {
            await Post("/api/stock/receipts", new { sku, location = "bench-dc", quantity = units });
            await Post("/api/stock/allocations", new { sku, location = "bench-dc", channel = "es-online", quantity = units });
        }

        var madrid = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Madrid"];
        var start = NodaTime.SystemClock.Instance.GetCurrentInstant().Plus(NodaTime.Duration.FromSeconds(4)).InZone(madrid).LocalDateTime;
        string Local(NodaTime.LocalDateTime at) => Rollout.Common.WallClock.Format(at);
        await Post("/api/launches", new { code = "bench-launch", market = "ES", startsAt = Local(start), venue = "Bench" });
        foreach (var (code, sku, units) in new[] { ("bench-sale", Sku, options.Units), ("bench-naive", NaiveSku, NaiveUnits), ("bench-warm", WarmUpSku, warmUnits) }
            .Concat(options.Servers > 1 ? [("bench-one", Sku, options.Units)] : []))
        {
            await Post("/api/launches/bench-launch/sales", new
            {
                code, sku, location = "bench-dc", channel = "es-online", units, price = 299m,
                opensAt = Local(start), closesAt = Local(start.PlusHours(1)), perCustomerLimit = options.Limit, holdMinutes = 60,
            });
        }

        http.DefaultRequestHeaders.Authorization = null;
    }

    /// <summary>
    /// The crowd's accounts, written straight into the server's database in one transaction (registering thousands
    /// through the API would take longer than the sale: each is a few commits), all with one password hashed once with
    /// the rounds the server is told to use; then each customer signs in through the API like any other.
    /// </summary>
    private static async Task<string[]> Customers(HttpClient http, string provider, string connection, string folder, int count)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rollout:Database:Provider"] = provider,
            ["Rollout:Database:ConnectionString"] = connection,
            ["Rollout:DataFolder"] = folder,
        }).Build();
        await using (var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddRollout().BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
            var role = await db.Roles.Where(r => r.Name == RolloutUser.CustomerRole).Select(r => r.Id).SingleAsync();
            var hash = new PasswordHasher<RolloutUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = PasswordRounds })).HashPassword(new RolloutUser(), CustomerPassword);
            for (var i = 0; i < count; i++)
            {
                var email = Email(i);
                var user = new RolloutUser
                {
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    PasswordHash = hash, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
            }

            await db.SaveChangesAsync();
        }

        var tokens = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                tokens[i] = await Token(http, "/api/customers/token", Email(i), CustomerPassword);
            }
        }));
        return tokens;
    }

    private static string Email(int customer) => $"customer{customer}@bench.example";

    private static async Task<string> Token(HttpClient http, string door, string email, string password)
    {
        using var response = await http.PostAsJsonAsync(door, new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A customer's claim in a round (their <c>Round</c>-th key).</summary>
    private sealed record Attempt(int Customer, string Key, int Round);

    private sealed record Answer(int Customer, string Key, string Outcome, Guid? Claim, double Ms, double At, string Detail)
    {
        /// <summary>No answer came (the connection failed): the server may be dead.</summary>
        public bool Unanswered { get; init; }
    }

    /// <summary>
    /// Every customer's attempts, round by round: in each round every customer claims once with a new key; in the first
    /// round each also double-clicks (the same key again at once). One more round than the limit.
    /// </summary>
    private static List<Attempt> Attempts(int customers, int limit)
    {
        var attempts = new List<Attempt>(customers * (limit + 2));
        for (var round = 0; round <= limit; round++)
        {
            for (var c = 0; c < customers; c++)
            {
                attempts.Add(new Attempt(c, $"k{round}", round));
                if (round == 0)
                {
                    attempts.Add(new Attempt(c, "k0", 0));
                }
            }
        }

        return attempts;
    }

    private static async Task<(List<Answer> Answers, double Seconds)> Claims(Crowd crowd, string sale, string[] tokens, Options options, Killer? killer)
    {
        var attempts = Attempts(tokens.Length, options.Limit);
        var answers = new ConcurrentBag<Answer>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var url = $"/api/sales/{sale}/claims";
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < attempts.Count)
            {
                var attempt = attempts[i];
                // Each customer's rounds go to the servers in turn; a double click (one browser, one connection) to one.
                var server = attempt.Customer + attempt.Round;
                var client = crowd.For(server);
                var answer = await Claim(client, url, tokens[attempt.Customer], attempt, clock);
                for (var next = server + 1; answer.Unanswered && crowd.Forget(client) && next < server + crowd.Count * 4; next++)
                {
                    client = crowd.For(next);
                    answer = await Claim(client, url, tokens[attempt.Customer], attempt, clock); // Killed under it: the same key to the next server.
                }

                answers.Add(answer);
                if (answer.Outcome == "won")
                {
                    killer?.Won(clock);
                }
            }
        }));
        return ([.. answers], clock.Elapsed.TotalSeconds);
    }

    private static async Task<Answer> Claim(HttpClient http, string url, string token, Attempt attempt, Stopwatch clock)
    {
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", attempt.Key);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ended = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Answer(attempt.Customer, attempt.Key, "error", null, ended - started, ended / 1000, $"{(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            }

            using var json = JsonDocument.Parse(body);
            var outcome = json.RootElement.GetProperty("outcome").GetString()!;
            Guid? claim = json.RootElement.TryGetProperty("claim", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null;
            return new Answer(attempt.Customer, attempt.Key, outcome, claim, ended - started, ended / 1000, "");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            var ended = clock.Elapsed.TotalMilliseconds;
            return new Answer(attempt.Customer, attempt.Key, "error", null, ended - started, ended / 1000, $"{e.GetType().Name}: {e.Message}") { Unanswered = e is HttpRequestException or IOException };
        }
    }

    /// <summary>The naive claim for a fixed time: the same customers and attempts, one transaction each.</summary>
    private static async Task<(double PerSecond, double Won, double Seconds, double P99)> Naive(HttpClient http, string[] tokens, Options options, TimeSpan duration)
    {
        var attempts = Attempts(tokens.Length, options.Limit);
        var answers = new ConcurrentBag<Answer>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var round = Guid.NewGuid().ToString("N")[..6]; // Keys of their own, so the warm-up's never count.
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            int i;
            while (clock.Elapsed < duration && (i = Interlocked.Increment(ref next)) < attempts.Count)
            {
                var attempt = attempts[i] with { Key = $"{attempts[i].Key}-{round}" };
                answers.Add(await Claim(http, "/bench/naive/sales/bench-naive/claims", tokens[attempt.Customer], attempt, clock));
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return (answers.Count / seconds, answers.Count(a => a.Outcome == "won"), seconds, Percentile(answers.Select(a => a.Ms), 0.99));
    }

    /// <summary>A closed loop of <paramref name="connections"/> callers for a fixed time.</summary>
    private static async Task<(double PerSecond, double P50, double P99)> Phase(Crowd crowd, int connections, TimeSpan duration, Func<int, HttpRequestMessage> request)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var count = 0;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed.TotalMilliseconds;
                using var message = request(worker);
                using var response = await crowd.For(worker).SendAsync(message);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync();
                latencies.Add(clock.Elapsed.TotalMilliseconds - started);
                Interlocked.Increment(ref count);
            }
        }));
        return (count / clock.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static string Table(LaunchResult r) => string.Join(Environment.NewLine,
        "",
        $"| {r.Provider} | requests/s | p99 ms |",
        "|---|---|---|",
        $"| (a) bare endpoint | {r.BareRequestsPerSecond:N0} | {r.BareP99Ms} |",
        $"| (b) claim endpoint | {r.ClaimAttemptsPerSecond:N0} | {r.ClaimP99Ms} |",
        $"| (c) naive claim | {r.NaiveAttemptsPerSecond:N0} | {r.NaiveP99Ms} |",
        "",
        $"won and committed: {r.WonCommittedPerSecond:N0}/s ({r.UnitsWon:N0} units in {r.SecondsToSellOut} s); naive: {r.NaiveWonCommittedPerSecond:N0}/s",
        $"b/a = {r.ClaimOverBare}, p99 b/a = {r.ClaimP99OverBareP99}, b/c = {r.ClaimOverNaive}, won b/c = {r.WonOverNaiveWon}",
        $"oversold {r.Oversold}, duplicates {r.Duplicates}, lost acknowledged {r.LostAcknowledged}, over limit {r.CustomersOverLimit}, errors {r.Errors}",
        r.Servers > 1 ? $"{r.Servers} servers: {r.WonCommittedPerSecond:N0} won/s; one of them alone: {r.OneServerWonCommittedPerSecond:N0} won/s; ratio {r.ServersOverOneServer}" : "",
        r.Failover is { } f ? $"killed one at {f.KilledAtSeconds} s: {f.StrandedUnits} units stranded, back after {f.SecondsUntilReturned} s, lost acknowledged {f.LostAcknowledged}" : "");

    private sealed record Options(string Provider, string? Json, int Units, int Limit, int Connections, int Seconds, string? Connection, int Servers, bool KillOne)
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
            var options = new Options(provider, Value("--json"), Number("--units", 120_000), Number("--limit", 10), Number("--connections", 64), Number("--seconds", 5),
                Value("--connection") ?? Environment.GetEnvironmentVariable("ROLLOUT_BENCH_PG") ?? Environment.GetEnvironmentVariable("ROLLOUT_BENCH_POSTGRES"),
                Number("--servers", 1), args.Contains("--kill-one"));
            if (options.Servers < 1 || (options.Servers > 1 && provider != "postgres"))
            {
                Console.Error.WriteLine("--servers: 1 or more, and more than 1 only with --provider postgres (SQLite serves one server).");
                return null;
            }

            if (options.KillOne && options.Servers < 2)
            {
                Console.Error.WriteLine("--kill-one: needs --servers 2 or more (someone must take over).");
                return null;
            }

            if (options.Limit is < 1 or > 10)
            {
                Console.Error.WriteLine("--limit: a sale's limit per customer is 1 to 10.");
                return null;
            }

            return options;
        }
    }

    /// <summary>
    /// The load generator's clients, one per server: request <c>i</c> goes to server <c>i mod N</c> (round robin, no
    /// affinity), skipping servers it found dead.
    /// </summary>
    private sealed class Crowd : IDisposable
    {
        private readonly HttpClient[] clients;
        private readonly bool owns;
        private readonly bool[] dead;

        public Crowd(IReadOnlyList<Uri> servers, int connections)
            : this([.. servers.Select(address => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
                { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) })], owns: true)
        {
        }

        private Crowd(HttpClient[] clients, bool owns) => (this.clients, this.owns, dead) = (clients, owns, new bool[clients.Length]);

        public HttpClient First => clients[0];

        public int Count => clients.Length;

        /// <summary>The same first server's client alone (the one-server measurement of a run).</summary>
        public Crowd OnlyFirst() => new([clients[0]], owns: false);

        public HttpClient For(int request)
        {
            for (var i = 0; i < clients.Length; i++)
            {
                var at = (request + i) % clients.Length;
                if (!Volatile.Read(ref dead[at]))
                {
                    return clients[at];
                }
            }

            return clients[request % clients.Length];
        }

        /// <summary>A server that did not answer is skipped from now on, if others are left; whether any is.</summary>
        public bool Forget(HttpClient client)
        {
            var at = Array.IndexOf(clients, client);
            if (clients.Length > 1 && at >= 0)
            {
                Volatile.Write(ref dead[at], true);
            }

            return dead.Any(d => !d);
        }

        public void Dispose()
        {
            if (owns)
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// <c>--kill-one</c>: kills a server with SIGKILL once a third of the units are won, reads how many units its blocks
    /// held then, and times how long until other servers reaped them.
    /// </summary>
    private sealed class Killer(BenchServer victim, int afterWins, string connection)
    {
        private int wins;
        private Task<Failover>? killed;

        public void Won(Stopwatch clock)
        {
            if (Interlocked.Increment(ref wins) == afterWins)
            {
                killed = Task.Run(() => Kill(clock.Elapsed.TotalSeconds));
            }
        }

        public Task<Failover?> Report() => killed is null ? Task.FromResult<Failover?>(null) : killed.ContinueWith(t => (Failover?)t.Result, TaskScheduler.Default);

        private async Task<Failover> Kill(double at)
        {
            var pid = victim.Pid;
            victim.Dispose();
            var clock = Stopwatch.StartNew();
            await using var db = new Npgsql.NpgsqlConnection(connection);
            await db.OpenAsync();
            var stranded = await Stranded(db, pid);
            while (await Stranded(db, pid) is > 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            return new Failover(Math.Round(at, 2), stranded, Math.Round(clock.Elapsed.TotalSeconds, 2), 0);
        }

        private static async Task<int> Stranded(Npgsql.NpgsqlConnection db, int pid)
        {
            await using var command = new Npgsql.NpgsqlCommand("""SELECT COALESCE(SUM("Units" - "Used"), 0) FROM sale_leases WHERE "Server" LIKE @server""", db);
            command.Parameters.AddWithValue("server", $"%/{pid}/%");
            return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
    }
}
