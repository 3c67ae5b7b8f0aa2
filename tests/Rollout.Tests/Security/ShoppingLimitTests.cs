using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14, abuse limits: opening carts, holding units and a flash sale's steps are counted per account when the
/// shopper is signed in, else per client address; beyond a limit, 429 as a problem with Retry-After.
/// </summary>
public abstract class ShoppingLimitTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:Limits:CartsPerMinute"] = "2",
        ["Rollout:Limits:HoldsPerMinute"] = "2",
        ["Rollout:Limits:ClaimsPerMinute"] = "2",
    };

    private static Task<HttpResponseMessage> OpenCart(HttpClient client) =>
        client.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct);

    private static async Task<Guid> Cart(HttpClient client)
    {
        var opened = await OpenCart(client);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<CartId>(Ct))!.Id;
    }

    private static Task<HttpResponseMessage> Hold(HttpClient client, Guid cart, int quantity) =>
        client.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity }, Ct);

    private HttpClient CustomerFrom(string id, string address)
    {
        var client = App.Customer(id);
        client.DefaultRequestHeaders.Add(RolloutApp.ClientAddressHeader, address);
        return client;
    }

    [Fact]
    public async Task A_guest_address_opening_carts_beyond_its_limit_is_told_to_wait_while_another_address_opens_one()
    {
        using var crowded = App.ClientFrom("203.0.113.10");

        var opened = new[] { await OpenCart(crowded), await OpenCart(crowded) };
        var refused = await LimitProblem.Of(await OpenCart(crowded));
        var elsewhere = await OpenCart(App.ClientFrom("203.0.113.11"));

        Assert.All(opened, o => Assert.Equal(HttpStatusCode.Created, o.StatusCode));
        Assert.Equal(("carts", "Too many new carts.", 30), (refused.Limit, refused.Title, refused.RetryAfter));
        Assert.Contains("from one address", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Signed_in_customers_are_counted_per_account_so_a_neighbour_at_the_same_address_is_not_affected()
    {
        using var ana = CustomerFrom("ana", "203.0.113.12");
        using var eva = CustomerFrom("eva", "203.0.113.12");

        await Cart(ana);
        await Cart(ana);
        var refused = await LimitProblem.Of(await OpenCart(ana));
        var neighbour = await OpenCart(eva);

        Assert.Contains("for one account", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, neighbour.StatusCode);
    }

    [Fact]
    public async Task Holding_units_beyond_the_limit_is_told_to_wait_while_another_address_holds()
    {
        using var stock = await MadridWith(20);
        using var crowded = App.ClientFrom("203.0.113.13");
        using var other = App.ClientFrom("203.0.113.14");
        var cart = await Cart(crowded);
        var otherCart = await Cart(other);

        var held = new[] { await Hold(crowded, cart, 1), await Hold(crowded, cart, 2) };
        var refused = await LimitProblem.Of(await Hold(crowded, cart, 3));
        var elsewhere = await Hold(other, otherCart, 1);

        Assert.All(held, h => Assert.Equal(HttpStatusCode.OK, h.StatusCode));
        Assert.Equal(("holds", 30), (refused.Limit, refused.RetryAfter));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Claims_beyond_the_limit_of_a_customer_are_told_to_wait_while_a_crowd_at_the_same_address_claims()
    {
        await Sale();
        using var ana = CustomerFrom("ana", "203.0.113.15");

        var claims = new[] { await Shop.PostKeyed(ana, "/api/sales/es-drop/claims"), await Shop.PostKeyed(ana, "/api/sales/es-drop/registrations") };
        var refused = await LimitProblem.Of(await Shop.PostKeyed(ana, "/api/sales/es-drop/claims"));
        var crowd = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var neighbour = CustomerFrom($"n{i}", "203.0.113.15");
            return (await Shop.PostKeyed(neighbour, "/api/sales/es-drop/claims")).StatusCode;
        }));

        Assert.All(claims, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode)); // Not open yet: an answer, counted all the same.
        Assert.Equal(("claims", "Too many claims and flash-sale steps.", 30), (refused.Limit, refused.Title, refused.RetryAfter));
        Assert.All(crowd, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task The_API_document_says_which_calls_are_limited()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json", Ct));
        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/carts").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.GetProperty("/api/sales/{sale}/claims").GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        Assert.False(paths.GetProperty("/api/sales/{sale}/room").GetProperty("get").GetProperty("responses").TryGetProperty("429", out _));
    }

    /// <summary>A flash sale "es-drop" of the Nova 8 Pro in Madrid, opening a month after the test clock's today.</summary>
    private async Task Sale()
    {
        using var stock = await MadridWith(10);
        (await stock.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 5 }, Ct)).EnsureSuccessStatusCode();
        using var manager = await App.Staff(StaffRoles.LaunchManager);
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        var opens = TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow().AddDays(30), madrid);
        string Local(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH':00'", CultureInfo.InvariantCulture);
        (await manager.PostAsJsonAsync("/api/launches", new { code = "es-nova", market = "ES", startsAt = Local(opens), venue = "Madrid" }, Ct)).EnsureSuccessStatusCode();
        var sale = await manager.PostAsJsonAsync("/api/launches/es-nova/sales", new
        {
            code = "es-drop", sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 5, price = 499m,
            opensAt = Local(opens), closesAt = Local(opens.AddHours(2)), perCustomerLimit = 1, holdMinutes = 10,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
    }

    private sealed record CartId(Guid Id);
}

public sealed class SqliteShoppingLimitTests() : ShoppingLimitTests(StorageProvider.Sqlite);

public sealed class PostgresShoppingLimitTests() : ShoppingLimitTests(StorageProvider.Postgres);
