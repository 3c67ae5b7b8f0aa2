using Rollout.Inventory;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>How a won unit reaches its winner and how it is paid (the same choices as a cart's checkout).</summary>
public sealed record CheckoutClaimRequest(string? Payment, string? Shipping, AddressRequest? Address = null, string? PickupStore = null, string? Email = null);

/// <summary>A won claim as its customer sees it.</summary>
public sealed record ClaimResponse(Guid Id, string Sale, string Sku, string Status, long Position, DateTimeOffset ClaimedAt, DateTimeOffset PayBy, Guid? OrderId);

/// <summary>
/// A won claim becomes an order at the sale's price, before its time to pay is over: the unit the claim held turns from
/// reserved into sold in the allocation, the order awaits its payment like any other, and the claim names the order.
/// A claim becomes one order at most; asked again, the order is answered again.
/// </summary>
public static class CheckoutClaim
{
    public static async Task<Result<OrderResponse>> Handle(Guid id, CheckoutClaimRequest request, string customer, string? email, LaunchBook book, PaymentProviders payments, CartBook carts, DbOnDemand db, CancellationToken ct)
    {
        if (await book.FindClaim(id, customer, ct) is not var (pool, claim))
        {
            return Error.NotFound("claim.not_found", $"You have no claim {id}.");
        }

        if (claim.Status == ClaimStatus.Ordered && claim.OrderId is { } placed)
        {
            return await GetOrders.One(placed, customer, db.Get(), ct);
        }

        var now = book.Clock.Now();
        if (claim.Status == ClaimStatus.Expired || claim.PayBy <= now)
        {
            return Expired(pool, claim);
        }

        if (payments.Find(request.Payment) is { ConfirmedBy: PaymentConfirmation.ByStaff } slow)
        {
            return Error.Invalid("payment", "claim.pay_now", $"A flash sale's unit is paid before {ClaimUnit.Local(pool, claim.PayBy)}: '{slow.Code}' is confirmed by hand later; choose a payment confirmed at once ({string.Join(", ", payments.All.Where(p => p.ConfirmedBy != PaymentConfirmation.ByStaff).Select(p => p.Code))}).");
        }

        var data = await carts.Data(db, ct);
        var sale = pool.Sale;
        var order = new PlaceOrderRequest(pool.Market.Value, sale.Channel.Value, request.Email ?? email, [new OrderLineRequest(sale.Sku.Value, 1)],
            request.Shipping, request.Address, request.PickupStore, request.Payment);
        var draft = PlaceOrder.Prepare(order, customer, payments, data, now, new SalePrice(sale.Sku, Money.FromMinorUnits(sale.PriceMinorUnits, sale.Currency)));
        if (!draft.IsSuccess)
        {
            return draft.Error;
        }

        draft.Value.Order.TakenFrom(0, sale.Location, pool.Allocation);
        var response = draft.Value.Order.ToResponse();
        var written = await book.Writer.Write<bool>(async batch =>
        {
            if (claim.Status != ClaimStatus.Won || claim.PayBy <= book.Clock.Now()) // The time read again: this write may run later than it was asked.
            {
                return claim.Status == ClaimStatus.Ordered
                    ? Error.Conflict("claim.ordered", $"This claim is already order {claim.OrderId}.")
                    : Expired(pool, claim);
            }

            if (pool.Replaced)
            {
                return LaunchBook.Reloaded;
            }

            if (await ClaimRows.Ordered(batch, claim.Id, response.Id) != 1)
            {
                return Expired(pool, claim); // The database no longer holds the unit for this claim.
            }

            await AllocationRows.HeldToSold(batch, pool.Allocation, 1);
            claim.Ordered(batch, response.Id);
            await draft.Value.AddTo(batch);
            return true;
        });
        if (!written.IsSuccess)
        {
            return written.Error;
        }

        carts.Awaiting.Add(draft.Value.Order);
        return response;
    }

    /// <summary>
    /// The customer's claims in the sales this server has open or still holding units (so every claim still to check
    /// out), newest first; a claim that became an order is in the customer's orders for good.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimResponse>> Mine(string customer, LaunchBook book, CancellationToken ct)
    {
        await book.LoadSoon(ct);
        if (book.Shared)
        {
            foreach (var pool in book.Loaded.ToList())
            {
                var shopper = pool.ShopperOf(customer);
                if (ShopperSync.Due(book, shopper, refusing: true))
                {
                    await ShopperSync.Run(book, pool, shopper); // Claims won on other servers are the customer's too.
                }
            }
        }

        return [.. book.Loaded.SelectMany(pool => pool.ClaimsOf(customer).Select(c => new ClaimResponse(c.Id, pool.Sale.Code.Value, pool.Sale.Sku.Value,
            c.Status.ToString().ToLowerInvariant(), c.Position, c.ClaimedAt.ToDateTimeOffset(), c.PayBy.ToDateTimeOffset(), c.OrderId))).OrderByDescending(c => c.ClaimedAt)];
    }

    private static Error Expired(SalePool pool, WonClaim claim) =>
        Error.Conflict("claim.expired", $"The time to check out this unit ran out at {ClaimUnit.Local(pool, claim.PayBy)}; it went back on sale.");
}
