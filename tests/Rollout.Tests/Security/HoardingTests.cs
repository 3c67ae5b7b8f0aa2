using System.Net;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14, no hoarding: a cart holds at most Rollout:Limits:UnitsHeldPerCart units and the carts of one client address
/// at most UnitsHeldPerAddress; a change that would hold more is refused naming the field and the rule, one that holds
/// less never is, and units stop counting once checked out or once their hold runs out.
/// </summary>
public abstract class HoardingTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:Limits:UnitsHeldPerCart"] = "3",
        ["Rollout:Limits:UnitsHeldPerAddress"] = "5",
    };

    private static async Task<Guid> Cart(HttpClient client)
    {
        var opened = await client.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<CartId>(Ct))!.Id;
    }

    private static Task<HttpResponseMessage> Hold(HttpClient client, Guid cart, int quantity) =>
        client.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity }, Ct);

    private static async Task<CartProblem> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<CartProblem>(Ct))!;
    }

    [Fact]
    public async Task A_cart_holds_at_most_its_cap_and_may_always_hold_less()
    {
        using var stock = await MadridWith(20);
        using var guest = App.ClientFrom("203.0.113.30");
        var cart = await Cart(guest);

        var three = await Hold(guest, cart, 3);
        var four = await Problem(await Hold(guest, cart, 4), HttpStatusCode.BadRequest);
        var two = await Hold(guest, cart, 2);

        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        Assert.Equal("cart.units_per_cart", four.Code);
        Assert.Contains("at most 3 units", Assert.Single(four.Errors["quantity"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
    }

    [Fact]
    public async Task The_carts_of_one_address_hold_at_most_its_cap_while_another_address_holds_its_own()
    {
        using var stock = await MadridWith(20);
        using var guest = App.ClientFrom("203.0.113.31");
        using var other = App.ClientFrom("203.0.113.32");
        var (first, second, elsewhere) = (await Cart(guest), await Cart(guest), await Cart(other));

        var held = new[] { await Hold(guest, first, 3), await Hold(guest, second, 2) };
        var refused = await Problem(await Hold(guest, second, 3), HttpStatusCode.Conflict);
        var fewer = await Hold(guest, first, 1);
        var otherAddress = await Hold(other, elsewhere, 3);

        Assert.All(held, h => Assert.Equal(HttpStatusCode.OK, h.StatusCode));
        Assert.Equal(("cart.units_per_address", 5, 3), (refused.Code, refused.Limit, refused.HeldElsewhere));
        Assert.Contains("At most 5 units may be held at once by carts from one address", Assert.Single(refused.Errors["quantity"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Units_stop_counting_against_an_address_once_checked_out_or_once_their_hold_runs_out()
    {
        using var stock = await MadridWith(20);
        using var guest = App.ClientFrom("203.0.113.33");
        var (bought, kept, more) = (await Cart(guest), await Cart(guest), await Cart(guest));
        Assert.Equal(HttpStatusCode.OK, (await Hold(guest, bought, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Hold(guest, kept, 2)).StatusCode);
        var full = await Hold(guest, more, 1);

        (await guest.PutAsJsonAsync($"/api/carts/{bought}/address", new { email = "ana@example.es", address = Shop.AddressIn("ES") }, Ct)).EnsureSuccessStatusCode();
        (await guest.PutAsJsonAsync($"/api/carts/{bought}/shipping", new { method = "standard" }, Ct)).EnsureSuccessStatusCode();
        var order = await Shop.PostKeyed(guest, $"/api/carts/{bought}/checkout", new { payment = "bank-transfer" });
        var afterCheckout = await Hold(guest, more, 3);
        var beyond = await Hold(guest, kept, 3);
        App.Clock.Advance(TimeSpan.FromMinutes(16)); // Past the 15-minute hold of both carts.
        var afterExpiry = await Hold(guest, await Cart(guest), 3);

        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterCheckout.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, beyond.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterExpiry.StatusCode);
    }

    private sealed record CartId(Guid Id);

    private sealed record CartProblem(int Status, string Code, Dictionary<string, string[]> Errors, int? Limit, int? HeldElsewhere);
}

public sealed class SqliteHoardingTests() : HoardingTests(StorageProvider.Sqlite);

public sealed class PostgresHoardingTests() : HoardingTests(StorageProvider.Postgres);
