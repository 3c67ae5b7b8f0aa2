using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>Customers own their data: they download all of it, and erasure forgets them but keeps what tax law keeps.</summary>
public abstract class CustomerDataTests(StorageProvider provider) : ProviderTest(provider)
{
    private const string Password = "Customer-Pass-2024";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Token(string AccessToken);

    private sealed record Address(string Name, string Line1, string? Line2, string PostalCode, string City, string Country);

    private sealed record Shipping(Address? Address);

    private sealed record Order(Guid Id, string Email, decimal Total, decimal Vat, string Market, Shipping Shipping);

    private sealed record Account(string Email);

    private sealed record Data(Account Account, List<Order> Orders, List<object> Devices, List<object> Registrations, List<object> Tickets);

    private sealed record Erased(int OrdersKept, int AddressesDeleted);

    [Fact]
    public async Task A_customer_downloads_everything_kept_about_them_and_erasure_forgets_them_but_keeps_the_order_for_tax()
    {
        await MadridWith(5);
        var ana = App.CreateClient();
        (await ana.PostAsJsonAsync("/api/customers", new { email = "ana.data@example.es", password = Password, name = "Ana García" }, Ct)).EnsureSuccessStatusCode();
        var token = await (await ana.PostAsJsonAsync("/api/customers/token", new { email = "ana.data@example.es", password = Password }, Ct)).Content.ReadFromJsonAsync<Token>(Ct);
        ana.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        (await ana.PostAsJsonAsync("/api/me/addresses", new { name = "Ana García", line1 = "Calle Mayor 1", postalCode = "28013", city = "Madrid", country = "ES" }, Ct)).EnsureSuccessStatusCode();
        var placed = await (await Shop.PostKeyed(ana, "/api/orders", Shop.GuestOrder("ana.data@example.es"))).Content.ReadFromJsonAsync<Order>(Ct);

        var download = await ana.GetAsync("/api/me/data", Ct);
        var data = await download.Content.ReadFromJsonAsync<Data>(Ct);
        var wrong = await ana.PostAsJsonAsync("/api/me/erasure", new { password = "not-my-password" }, Ct);
        var stillThere = await ana.GetAsync("/api/me", Ct);
        var erased = await ana.PostAsJsonAsync("/api/me/erasure", new { password = Password }, Ct);

        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("ana.data@example.es", data!.Account.Email);
        Assert.Equal(placed!.Id, Assert.Single(data.Orders).Id);
        Assert.NotEmpty(await ProblemFor(wrong, "password"));
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal((1, 1), await erased.Content.ReadFromJsonAsync<Erased>(Ct) is { } e ? (e.OrdersKept, e.AddressesDeleted) : default);

        // The account is gone: no sign-in, no data; the order stays, without the e-mail or the address.
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/customers/token", new { email = "ana.data@example.es", password = Password }, Ct)).StatusCode);
        Assert.Contains((await ana.GetAsync("/api/me/data", Ct)).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound }); // Nothing is left for her token to open.
        using var orders = await App.Staff(StaffRoles.OrderManager);
        var kept = await orders.GetFromJsonAsync<Order>($"/api/orders/{placed.Id}", Ct);
        Assert.EndsWith("@erased.invalid", kept!.Email, StringComparison.Ordinal);
        Assert.Equal((placed.Total, placed.Vat, "ES"), (kept.Total, kept.Vat, kept.Market));
        Assert.Equal("erased", kept.Shipping.Address!.Name);
        Assert.Equal("ES", kept.Shipping.Address.Country);
        Assert.DoesNotContain("ana.data@example.es", await orders.GetStringAsync($"/api/orders/{placed.Id}", Ct), StringComparison.Ordinal);
    }
}

public sealed class SqliteCustomerDataTests() : CustomerDataTests(StorageProvider.Sqlite);

public sealed class PostgresCustomerDataTests() : CustomerDataTests(StorageProvider.Postgres);
