using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Orders;

public abstract class PaymentTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Staff, JsonElement Order)> PlacedByCard(int quantity = 1)
    {
        var staff = await MadridWith(10, StaffRoles.Admin);
        var order = await Json(await Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder(quantity: quantity, payment: "card")));
        return (staff, order);
    }

    private static string Reference(JsonElement order) => order.GetProperty("payment").GetProperty("reference").GetString()!;

    private static async Task<JsonElement> Order(HttpClient staff, JsonElement order) =>
        await Json(await staff.GetAsync($"/api/orders/{order.GetProperty("id").GetGuid()}", Ct));

    [Fact]
    public async Task A_signed_callback_pays_the_order_and_the_same_callback_again_changes_nothing()
    {
        var (staff, order) = await PlacedByCard(quantity: 2);
        var total = order.GetProperty("total").GetDecimal();

        var paid = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow(), eventId: "evt_1");
        var again = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow(), eventId: "evt_1");

        Assert.Equal("paid", (await Json(paid)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await Json(again)).GetProperty("outcome").GetString());
        var after = await Order(staff, order);
        Assert.Equal("paid", after.GetProperty("status").GetString());
        Assert.Single(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "paid");
        Assert.Equal("card", after.GetProperty("transitions")[1].GetProperty("by").GetString());
    }

    [Fact]
    public async Task An_order_written_and_paid_as_plain_statements_reads_back_as_it_was_answered()
    {
        var staff = await MadridWith(10, StaffRoles.Admin);
        App.Clock.Advance(TimeSpan.FromTicks(1_234_560)); // A fraction of a second: instants must keep it both ways.
        var placed = await Json(await Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder(quantity: 2, payment: "card")));
        App.Clock.Advance(TimeSpan.FromTicks(7_654_320));

        var paid = await Shop.CardWebhook(App.CreateClient(), Reference(placed), placed.GetProperty("total").GetDecimal(), App.Clock.GetUtcNow(), eventId: "evt_plain");

        Assert.Equal("paid", (await Json(paid)).GetProperty("outcome").GetString());
        var read = await Order(staff, placed);
        foreach (var field in new[] { "number", "market", "channel", "currency", "email", "lines", "shipping", "net", "vat", "total", "placedAt" })
        {
            Assert.Equal(placed.GetProperty(field).GetRawText(), read.GetProperty(field).GetRawText());
        }

        Assert.Equal(placed.GetProperty("transitions")[0].GetRawText(), read.GetProperty("transitions")[0].GetRawText());
        Assert.Equal(App.Clock.GetUtcNow(), read.GetProperty("payment").GetProperty("paidAt").GetDateTimeOffset());
        Assert.Equal(App.Clock.GetUtcNow(), read.GetProperty("transitions")[1].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Two_different_callbacks_for_one_order_at_once_pay_it_once_and_keep_the_second_on_record()
    {
        var (staff, order) = await PlacedByCard();
        var total = order.GetProperty("total").GetDecimal();

        var both = await Task.WhenAll(
            Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow(), eventId: "evt_a"),
            Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow(), eventId: "evt_b"));

        var outcomes = await Task.WhenAll(both.Select(async r => (await Json(r)).GetProperty("outcome").GetString()));
        Assert.Equal(["already-paid", "paid"], outcomes.Order(StringComparer.Ordinal));
        var after = await Order(staff, order);
        Assert.Equal("paid", after.GetProperty("status").GetString());
        Assert.Contains(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("note").GetString()!.Contains("another payment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_callback_delivered_twenty_times_at_once_pays_once()
    {
        var (staff, order) = await PlacedByCard();
        var total = order.GetProperty("total").GetDecimal();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow(), eventId: "evt_burst")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var outcomes = await Task.WhenAll(answers.Select(async a => (await Json(a)).GetProperty("outcome").GetString()));
        Assert.Equal(1, outcomes.Count(o => o == "paid"));
        Assert.Equal(19, outcomes.Count(o => o == "duplicate"));
        Assert.Single((await Order(staff, order)).GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "paid");
    }

    [Fact]
    public async Task Unsigned_wrongly_signed_and_stale_callbacks_are_refused_and_a_wrong_amount_is_kept_on_record_without_paying()
    {
        var (staff, order) = await PlacedByCard();
        var total = order.GetProperty("total").GetDecimal();
        var now = App.Clock.GetUtcNow();
        var unsigned = await App.CreateClient().PostAsJsonAsync("/api/payments/card/webhook", new { id = "evt_u", type = "payment.succeeded", reference = Reference(order), amount = total, currency = "EUR" }, Ct);

        var wrongSecret = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, now, secret: "not-the-secret");
        var stale = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, now.AddMinutes(-6), eventId: "evt_old");
        var cheap = await Shop.CardWebhook(App.CreateClient(), Reference(order), 1.00m, now, eventId: "evt_cheap");
        var dollars = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, now, currency: "USD", eventId: "evt_usd");
        var unknown = await Shop.CardWebhook(App.CreateClient(), "pay_nothing", total, now);

        Assert.Equal("webhook.unsigned", (await Json(unsigned)).GetProperty("code").GetString());
        Assert.Equal("webhook.bad_signature", (await Json(wrongSecret)).GetProperty("code").GetString());
        Assert.Equal("webhook.stale", (await Json(stale)).GetProperty("code").GetString());
        Assert.Equal("amount-mismatch", (await Json(cheap)).GetProperty("outcome").GetString());
        Assert.Equal("amount-mismatch", (await Json(dollars)).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var after = await Order(staff, order);
        Assert.Equal("placed", after.GetProperty("status").GetString());
        Assert.Equal(2, after.GetProperty("transitions").EnumerateArray().Count(t => t.GetProperty("note").GetString()!.Contains("does not match", StringComparison.Ordinal)));

        // A refused signature is not remembered: the provider's correctly signed delivery of the payment still pays.
        var retried = await Shop.CardWebhook(App.CreateClient(), Reference(order), total, now, eventId: "evt_good");
        Assert.Equal("paid", (await Json(retried)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Staff_confirm_bank_transfers_but_not_card_payments_and_a_retried_confirmation_answers_the_first()
    {
        var (staff, card) = await PlacedByCard();
        var transfer = await Json(await Shop.PostKeyed(App.CreateClient(), "/api/orders", Shop.GuestOrder("luis@example.es")));

        var byHand = await Shop.PostKeyed(staff, $"/api/orders/{card.GetProperty("id").GetGuid()}/pay");
        var confirmed = await Shop.PostKeyed(staff, $"/api/orders/{transfer.GetProperty("id").GetGuid()}/pay", key: "confirm-1");
        var retried = await Shop.PostKeyed(staff, $"/api/orders/{transfer.GetProperty("id").GetGuid()}/pay", key: "confirm-1");

        Assert.Equal("order.paid_by_provider", (await Json(byHand)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("paid", (await Json(retried)).GetProperty("status").GetString());
        Assert.Contains("ES91", transfer.GetProperty("payment").GetProperty("instructions").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refunds_go_up_to_what_was_paid_in_parts_and_a_whole_refund_ends_the_order()
    {
        var (staff, order) = await PlacedByCard(quantity: 2);
        var id = order.GetProperty("id").GetGuid();
        var total = order.GetProperty("total").GetDecimal();
        var unpaid = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = 10m, reason = "goodwill" });
        await Shop.CardWebhook(App.CreateClient(), Reference(order), total, App.Clock.GetUtcNow());

        var part = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = 100m, reason = "scratched box" }, "refund-1");
        var sameAgain = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = 100m, reason = "scratched box" }, "refund-1");
        var tooMuch = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = total, reason = "returned" });
        var fraction = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = 0.001m, reason = "rounding" });
        var restUnshipped = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = total - 100m, reason = "returned" });
        await staff.PostAsync($"/api/orders/{id}/allocate", null, Ct);
        await Shop.Ship(staff, id, "SEUR", "T-1");
        await staff.PostAsync($"/api/orders/{id}/deliver", null, Ct);
        var rest = await Shop.PostKeyed(staff, $"/api/orders/{id}/refunds", new { amount = total - 100m, reason = "returned" });

        Assert.Equal("refund.not_paid", (await Json(unpaid)).GetProperty("code").GetString());
        Assert.Equal("paid", (await Json(part)).GetProperty("status").GetString());
        Assert.Equal(100m, (await Json(sameAgain)).GetProperty("payment").GetProperty("refunded").GetDecimal());
        Assert.NotEmpty(await ProblemFor(tooMuch, "amount"));
        Assert.NotEmpty(await ProblemFor(fraction, "amount"));
        Assert.Equal("refund.cancel_instead", (await Json(restUnshipped)).GetProperty("code").GetString());
        var refunded = await Json(rest);
        Assert.Equal("refunded", refunded.GetProperty("status").GetString());
        Assert.Equal(total, refunded.GetProperty("payment").GetProperty("refunded").GetDecimal());
    }

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_it_in_whole_and_a_retried_cancel_answers_the_first()
    {
        var (staff, order) = await PlacedByCard();
        var id = order.GetProperty("id").GetGuid();
        await Shop.CardWebhook(App.CreateClient(), Reference(order), order.GetProperty("total").GetDecimal(), App.Clock.GetUtcNow());

        var cancelled = await Json(await Shop.PostKeyed(staff, $"/api/orders/{id}/cancel", new { reason = "out of stock locally" }, "cancel-1"));
        var retried = await Shop.PostKeyed(staff, $"/api/orders/{id}/cancel", new { reason = "out of stock locally" }, "cancel-1");
        var otherBody = await Shop.PostKeyed(staff, $"/api/orders/{id}/cancel", new { reason = "changed mind" }, "cancel-1");

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(order.GetProperty("total").GetDecimal(), cancelled.GetProperty("payment").GetProperty("refunded").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
    }

    [Fact]
    public async Task A_payment_arriving_after_the_order_was_cancelled_is_recorded_and_flagged_for_a_refund()
    {
        var (staff, order) = await PlacedByCard();
        var id = order.GetProperty("id").GetGuid();
        await Shop.PostKeyed(staff, $"/api/orders/{id}/cancel", new { reason = "buyer called" });

        var late = await Shop.CardWebhook(App.CreateClient(), Reference(order), order.GetProperty("total").GetDecimal(), App.Clock.GetUtcNow(), eventId: "evt_late");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("refund-due", (await Json(late)).GetProperty("outcome").GetString());
        var after = await Order(staff, order);
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Contains(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("note").GetString()!.Contains("refund it", StringComparison.Ordinal));
    }
}

public sealed class SqlitePaymentTests() : PaymentTests(StorageProvider.Sqlite);

public sealed class PostgresPaymentTests() : PaymentTests(StorageProvider.Postgres);
