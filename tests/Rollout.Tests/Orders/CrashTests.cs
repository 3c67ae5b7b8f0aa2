using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

/// <summary>
/// Durability by killing: the real server runs as its own process, takes checkouts, and is killed with SIGKILL in the
/// middle of them. After a restart, every order whose call was answered 201 exists and the stock adds up.
/// </summary>
public abstract class CrashTests(StorageProvider provider) : IAsyncLifetime
{
    private const string Password = "Admin-Pass-1234";
    private TestDatabase database = null!;
    private Process? server;
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

    private async Task Start()
    {
        var port = FreePort();
        address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = database.Folder };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Rollout.Server.dll"), "--urls", address.ToString(),
            $"--Rollout:Database:Provider={provider}", $"--Rollout:Database:ConnectionString={database.ConnectionString}",
            $"--Rollout:DataFolder={database.Folder}", "--Rollout:Bootstrap:AdminEmail=admin@test.local", $"--Rollout:Bootstrap:AdminPassword={Password}",
            "--Logging:LogLevel:Default=Warning", "--Rollout:DemoStock=false",
        })
        {
            start.ArgumentList.Add(arg);
        }

        server = Process.Start(start)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await probe.GetAsync("/health", Ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, Ct);
        }

        throw new InvalidOperationException("The server did not start within 30 s.");
    }

    private async Task<HttpClient> Admin()
    {
        var client = new HttpClient { BaseAddress = address };
        var token = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/auth/token", new { email = "admin@test.local", password = Password }, Ct)).Content.ReadAsStringAsync(Ct));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    private void Kill()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush, no goodbye.
            server.WaitForExit();
        }

        server?.Dispose();
        server = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteCrashTests() : CrashTests(StorageProvider.Sqlite);

public sealed class PostgresCrashTests() : CrashTests(StorageProvider.Postgres);
