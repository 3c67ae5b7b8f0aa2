using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>A callback from a payment provider, once: its id is kept so that the same callback again changes nothing.</summary>
public sealed class PaymentEvent
{
    private PaymentEvent()
    {
    }

    public string Provider { get; private set; } = "";

    public string EventId { get; private set; } = "";

    public string Type { get; private set; } = "";

    public string Reference { get; private set; } = "";

    public string Outcome { get; private set; } = "";

    public Instant ReceivedAt { get; private set; }
}

/// <summary>The body a card provider posts: <c>{"id", "type": "payment.succeeded" | "payment.failed", "reference", "amount", "currency"}</c>.</summary>
public sealed record PaymentEventRequest(string? Id, string? Type, string? Reference, decimal? Amount, string? Currency);

/// <summary>
/// What Rollout made of a callback: paid, failed, duplicate (seen before, nothing changed), already-paid, refund-due (the
/// order was cancelled), amount-mismatch (kept on record; the order stays unpaid).
/// </summary>
public sealed record PaymentEventResponse(string Outcome, string? Order, string? OrderStatus);

/// <summary>
/// Receives a provider's payment callback: the signature is checked first (a refusal is logged with its reason), then
/// the event id is recorded in the same transaction as its effect, so a callback delivered twice, even at the same
/// moment, pays the order once. Only the order's amount and currency pay it; any other payment is kept on the
/// order's record for staff, never dropped.
/// </summary>
public static partial class ReceivePaymentEvent
{
    public static async Task<Result<PaymentEventResponse>> Handle(string provider, string? signature, string body, PaymentProviders providers, GroupCommit writer, AwaitingPayment awaiting, SellingDataSource selling, DbOnDemand db, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        if (providers.Find(provider) is not SignedWebhookPayment signed)
        {
            return Error.NotFound("payment.provider_not_found", $"No payment provider '{provider}' confirms by webhook.");
        }

        var now = clock.Now();
        var verified = signed.Verify(signature, body, now);
        if (!verified.IsSuccess)
        {
            Refused(logger, signed.Code, verified.Error.Code, verified.Error.Message);
            return verified.Error;
        }

        PaymentEventRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<PaymentEventRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            request = null;
            Refused(logger, signed.Code, "webhook.body", e.Message);
        }

        var validator = new Validator();
        validator.Require(request?.Id is { Length: >= 1 and <= 100 }, "id", "The event needs an id of 1 to 100 characters.");
        validator.Require(request?.Type is "payment.succeeded" or "payment.failed", "type", "One of: payment.succeeded, payment.failed.");
        validator.Require(request?.Reference is { Length: >= 1 and <= 60 }, "reference", "The order's payment reference.");
        validator.Require(request?.Amount is not null, "amount", "The amount paid.");
        validator.Require(request?.Currency is { Length: 3 }, "currency", "The currency paid (ISO 4217).");
        if (validator.ToError() is { } invalid)
        {
            Refused(logger, signed.Code, "webhook.body", invalid.Message);
            return invalid;
        }

        var paid = request!;
        var data = await selling.Current(db, ct);
        var outcome = await writer.Write<PaymentEventResponse>(async batch =>
        {
            // An unknown reference leaves no trace, not even the event: the order is found before anything is written.
            var reference = paid.Reference!;
            // The order as this server committed it, while it still has it (the update is guarded by its version, so a
            // copy changed meanwhile, even by a second callback in this very batch, sends the batch round again without
            // guessing); else as the database has it. A caller gone changes nothing of a batch.
            var known = batch.Speculating ? awaiting.Take(reference) : null;
            var order = known ?? await batch.Db.Orders.FirstOrDefaultAsync(o => o.PaymentReference == reference, CancellationToken.None);
            if (order is null || order.Payment != signed.Code)
            {
                return Error.NotFound("payment.unknown_reference", $"No order awaits payment '{paid.Reference}' through '{signed.Code}'.");
            }

            // The same callback twice is rare: a guessing batch takes the event to be new and records it once its outcome
            // is known (a wrong guess only costs a second pass); otherwise it is recorded first, and its outcome after.
            const string Record = """INSERT INTO payment_events ("Provider", "EventId", "Type", "Reference", "Outcome", "ReceivedAt") VALUES (@p0, @p1, @p2, @p3, @p4, @p5) ON CONFLICT ("Provider", "EventId") DO NOTHING""";
            var version = order.Version;
            if (!batch.Speculating && await batch.Execute(Record, signed.Code, paid.Id, paid.Type, paid.Reference, "received", now) == 0)
            {
                return new PaymentEventResponse("duplicate", null, null);
            }

            string result;
            if (paid.Type == "payment.failed")
            {
                result = "failed";
                order.Note(signed.Code, now, $"payment failed ({paid.Id})");
            }
            else if (order.PaidAt is not null)
            {
                // A second charge: keep it on record so staff refund it at the provider.
                result = "already-paid";
                order.Note(signed.Code, now, $"another payment {paid.Id} of {paid.Amount} {paid.Currency} arrived for a paid order: refund it at {signed.Name.ToLowerInvariant()}");
            }
            else if (order.Status is OrderStatus.Cancelled or OrderStatus.Refunded)
            {
                // Money taken for an order that no longer stands: recorded, never lost, and flagged for a refund.
                result = "refund-due";
                order.Note(signed.Code, now, $"payment {paid.Id} of {paid.Amount} {paid.Currency} arrived after the order was {order.Status.ToString().ToLowerInvariant()}: refund it at {signed.Name.ToLowerInvariant()}");
            }
            else if (!string.Equals(paid.Currency, order.Currency.Value, StringComparison.OrdinalIgnoreCase)
                || paid.Amount != order.Total.Amount)
            {
                // Money was taken, but not the order's amount: it stays unpaid, and the payment is kept on record (never
                // lost) for staff to settle or refund at the provider.
                result = "amount-mismatch";
                order.Note(signed.Code, now, $"payment {paid.Id} of {paid.Amount} {paid.Currency} does not match the order's {order.Total}: settle or refund it at {signed.Name.ToLowerInvariant()}");
                Refused(logger, signed.Code, "payment.amount_mismatch", $"Order {order.Number} is {order.Total}; the callback says {paid.Amount} {paid.Currency}.");
            }
            else
            {
                // Unpaid and neither cancelled nor refunded is placed: paying it cannot be refused (else a bug, and nothing is kept).
                var moved = order.Pay(signed.Code, now, $"paid by {signed.Name.ToLowerInvariant()} ({paid.Id})");
                if (!moved.IsSuccess)
                {
                    throw new InvalidOperationException(moved.Error.Message);
                }

                result = "paid";
                await OrderMail.Paid(order, data.Market(order.Market.Value).Value, now).Enqueue(batch);
            }

            if (known is not null)
            {
                await OrderRows.SavePayment(batch, order, version); // Not tracked by EF Core: written as a plain statement.
            }

            await (batch.Speculating
                ? batch.Expect(1, Record, signed.Code, paid.Id, paid.Type, paid.Reference, result, now)
                : batch.Later("""UPDATE payment_events SET "Outcome" = @p2 WHERE "Provider" = @p0 AND "EventId" = @p1""", signed.Code, paid.Id, result));
            return new PaymentEventResponse(result, order.Number, order.Status.ToString().ToLowerInvariant());
        });

        if (outcome.IsSuccess)
        {
            Received(logger, signed.Code, paid.Id!, paid.Type!, outcome.Value.Outcome);
        }
        else
        {
            Refused(logger, signed.Code, outcome.Error.Code, outcome.Error.Message);
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment callback from {Provider} refused ({Code}): {Reason}")]
    private static partial void Refused(ILogger logger, string provider, string code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment callback {EventId} from {Provider} ({Type}): {Outcome}")]
    private static partial void Received(ILogger logger, string provider, string eventId, string type, string outcome);
}
