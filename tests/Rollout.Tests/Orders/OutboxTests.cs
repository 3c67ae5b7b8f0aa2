using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

/// <summary>Without SMTP, e-mails land in the pickup folder; holds last as long as the market says.</summary>
public abstract class OutboxTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:Checkout:HoldMinutes:Default"] = "20",
        ["Rollout:Checkout:HoldMinutes:ES"] = "5",
    };

    private string MailFolder => Path.Combine(App.Database.Folder, "mail");

    private async Task<string> MailAbout(string number, string subject)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = Directory.Exists(MailFolder)
                ? Directory.GetFiles(MailFolder, "*.eml").Select(File.ReadAllText).FirstOrDefault(m => m.Contains(number, StringComparison.Ordinal) && m.Contains(subject, StringComparison.Ordinal))
                : null;
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"No e-mail '{subject}' about {number} in {MailFolder}.");
        return "";
    }

    [Fact]
    public async Task The_confirmation_and_the_shipping_notice_go_to_the_pickup_folder_in_the_market_language()
    {
        var staff = await MadridWith(5, StaffRoles.Admin);
        var order = await Json(await Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder("ana@example.es")));
        var id = order.GetProperty("id").GetGuid();
        var number = order.GetProperty("number").GetString()!;

        var confirmation = await MailAbout(number, "recibido");
        await Shop.PostKeyed(staff, $"/api/orders/{id}/pay");
        var paid = await MailAbout(number, "Pago recibido");
        await staff.PostAsync($"/api/orders/{id}/allocate", null, Ct);
        await Shop.Ship(staff, id, "SEUR", "SEUR-42");
        var shipped = await MailAbout(number, "en camino");

        Assert.Contains("To: ana@example.es", confirmation, StringComparison.Ordinal);
        Assert.Contains("ES91 2100 0418 4502 0005 1332", confirmation, StringComparison.Ordinal);
        Assert.Contains("Transfiere", confirmation, StringComparison.Ordinal); // the payment instructions in Spanish too
        Assert.Contains("confirmado", paid, StringComparison.Ordinal);
        Assert.Contains("14", confirmation, StringComparison.Ordinal);
        Assert.Contains("SEUR-42", shipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cart_holds_its_units_for_the_hold_time_of_its_market()
    {
        await MadridWith(5);
        var shopper = App.CreateClient();
        var cart = (await Json(await shopper.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct))).GetProperty("id").GetGuid();

        var line = (await Json(await shopper.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 1 }, Ct))).GetProperty("lines")[0];

        Assert.Equal(App.Clock.GetUtcNow().AddMinutes(5), line.GetProperty("heldUntil").GetDateTimeOffset());
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False((await Json(await shopper.GetAsync($"/api/carts/{cart}", Ct))).GetProperty("lines")[0].GetProperty("held").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await shopper.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8P-BLK-256", quantity = 1 }, Ct)).StatusCode);
    }
}

public sealed class SqliteOutboxTests() : OutboxTests(StorageProvider.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(StorageProvider.Postgres);
