using Microsoft.EntityFrameworkCore;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>Ships an order: the carrier, its tracking number, and the units that left (each phone's IMEIs, each device's serial).</summary>
public sealed record ShipOrderRequest(string? Carrier, string? TrackingNumber, IReadOnlyList<ShippedUnit>? Units = null)
{
    /// <summary>The parcel's rules every shipment shares (an order's, a partner order's): a carrier and a tracking number.</summary>
    public Error? Check()
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(Carrier), "carrier", "Name the carrier.");
        validator.Require(!string.IsNullOrWhiteSpace(TrackingNumber), "trackingNumber", "Give the tracking number.");
        validator.MaxLength("carrier", Carrier, 60);
        validator.MaxLength("trackingNumber", TrackingNumber, 60);
        return validator.ToError();
    }
}

/// <summary>One unit in a parcel: its SKU and what identifies it (one or two IMEIs, or a serial number).</summary>
public sealed record ShippedUnit(string? Sku, string? Imei = null, string? Imei2 = null, string? Serial = null);

public sealed record CancelOrderRequest(string? Reason);

/// <summary>Money given back: how much (in the order's currency) and why.</summary>
public sealed record RefundOrderRequest(decimal? Amount, string? Reason);

/// <summary>
/// Moves an order along its life, each step recorded with who and when: paid (a manual confirmation such as a bank
/// transfer), allocated (picked), shipped (its units leave the stock ledger), delivered (the EU withdrawal window
/// starts), cancelled before shipping (its units go back on sale), withdrawal asked by the buyer.
/// </summary>
public static class ProgressOrder
{
    /// <summary>Staff confirm a payment they can see (a bank transfer, cash at the store); card payments are the provider's to confirm.</summary>
    public static Task<Result<OrderResponse>> Pay(Guid id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct, IdempotencyClaim? claim = null) =>
        Step(id, db, (order, now) => order.PaymentConfirmedBy == PaymentConfirmation.ByStaff
            ? order.Pay(by, now, "payment confirmed by staff")
            : Error.Conflict("order.paid_by_provider", $"Order {order.Number} is paid by {order.Payment}; its provider confirms the payment, not staff."), clock, ct, async (order, now) =>
            {
                var market = (await GetMarkets.Find(order.Market.Value, db, ct)).Value;
                db.OutboxMessages.Add(OrderMail.Paid(order, market, now));
            }, claim);

    /// <summary>Records money given back, whole or in part, up to what was paid; a whole refund ends the order as refunded.</summary>
    public static async Task<Result<OrderResponse>> Refund(Guid id, RefundOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct, IdempotencyClaim? claim = null)
    {
        var validator = new Validator();
        validator.Require(request.Amount is > 0, "amount", "Refund an amount above 0, in the order's currency.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Reason), "reason", "Say why (returned, withdrawn, goodwill...).");
        validator.MaxLength("reason", request.Reason, 200);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        return await Step(id, db, (order, now) =>
        {
            var amount = Money.Exact(request.Amount!.Value, order.Currency);
            return amount.IsSuccess
                ? order.Refund(amount.Value.MinorUnits, request.Reason!.Trim(), by, now)
                : amount.Error.AtField("amount");
        }, clock, ct, claim: claim);
    }

    public static Task<Result<OrderResponse>> Allocate(Guid id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Step(id, db, (order, now) => order.Allocate(by, now), clock, ct);

    public static Task<Result<OrderResponse>> Deliver(Guid id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Step(id, db, (order, now) => order.Deliver(by, now), clock, ct);

    /// <summary>The buyer withdraws: a customer from their own orders, anyone holding a guest order's id from that order.</summary>
    public static Task<Result<OrderResponse>> RequestWithdrawal(Guid id, string? customerId, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Step(id, db, (order, now) => order.IsOpenTo(customerId ?? "")
            ? order.RequestWithdrawal(EuropeanUnion.Includes(order.Market), now)
            : Error.NotFound("order.not_found", $"There is no order {id} of yours."), clock, ct);

    public static async Task<Result<OrderResponse>> Ship(Guid id, ShipOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Check() is { } invalid)
        {
            return invalid;
        }

        return await Step(id, db, (order, now) => order.Ship(request.Carrier!.Trim(), request.TrackingNumber!.Trim(), by, now), clock, ct, async (order, now) =>
        {
            foreach (var line in order.Lines)
            {
                await StockLedger.Shipped(line.Sku, line.Location, line.AllocationId, line.Quantity, $"order {order.Number}", by, now, db);
            }

            var market = (await GetMarkets.Find(order.Market.Value, db, ct)).Value;
            db.OutboxMessages.Add(OrderMail.Shipped(order, market, now));
        });
    }

    public static async Task<Result<OrderResponse>> Cancel(Guid id, CancelOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct, IdempotencyClaim? claim = null)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 200)
        {
            return Error.Invalid("reason", "order.cancel_reason", "Say why the order is cancelled (1-200 characters).");
        }

        return await Step(id, db, (order, now) => order.Cancel(by, now, request.Reason.Trim()), clock, ct, async (order, _) =>
        {
            foreach (var line in order.Lines)
            {
                // The units never left: they go back on sale.
                await StockLedger.Unsold(line.Sku, line.Location, line.AllocationId, line.Quantity, db);
            }
        }, claim);
    }

    /// <summary>
    /// One step in a transaction: decide, move the stock, save; with an idempotency claim, its answer is stored in the
    /// same transaction (and the step undone if a retry took the key over).
    /// </summary>
    private static Task<Result<OrderResponse>> Step(Guid id, RolloutDb db, Func<Order, Instant, Result<Order>> decide, TimeProvider clock, CancellationToken ct, Func<Order, Instant, Task>? stock = null, IdempotencyClaim? claim = null) =>
        Transactions.Run<OrderResponse>(db, async () =>
        {
            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (order is null)
            {
                return Error.NotFound("order.not_found", $"There is no order {id}.");
            }

            var now = clock.Now();
            var decided = decide(order, now);
            if (!decided.IsSuccess)
            {
                return decided.Error;
            }

            if (stock is not null)
            {
                await stock(order, now);
            }

            if (await db.TrySave(ct) is { } clash)
            {
                return clash;
            }

            var response = order.ToResponse();
            return claim is null || await claim.Complete(response, ct) ? response : IdempotencyClaim.TakenOver;
        }, ct);
}
