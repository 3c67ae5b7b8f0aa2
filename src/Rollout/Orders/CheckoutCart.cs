using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>The last step of a cart: how to pay, and optionally the total and currency the buyer was shown.</summary>
public sealed record CheckoutCartRequest(string? Payment, decimal? ExpectedTotal = null, string? Currency = null, string? Email = null);

/// <summary>
/// Turns a cart into an order: the cart's holds become sales (so its owner never competes with itself), lines whose
/// hold ran out are sold afresh if units are left, prices are those in force now. Same Idempotency-Key rules as
/// <see cref="PlaceOrder"/>; a cart becomes one order at most.
/// </summary>
public static class CheckoutCart
{
    public static Task<Result<OrderResponse>> Handle(Guid id, CheckoutCartRequest request, string? key, string? customerId, PaymentProviders payments, CartBook book, DbOnDemand db, CancellationToken ct) =>
        book.With(id, customerId, db, async (entry, data) =>
        {
            if (Idempotency.CheckKey(key) is { } badKey)
            {
                return badKey;
            }

            var (scoped, hash) = ($"cart:{id:N}:{key}", Idempotency.Hash(request));
            if (await entry.Replay<OrderResponse>(scoped, hash, db, ct) is { } replayed)
            {
                return replayed;
            }

            var cart = entry.Cart!;
            if (cart.OrderId is not null)
            {
                return Error.Conflict("cart.checked_out", "This cart has already become an order.");
            }

            if (cart.Lines.Count == 0)
            {
                return Error.Invalid("lines", "cart.empty", "The cart is empty; add a variant first.");
            }

            var address = cart.Address is { } a ? new AddressRequest(a.Name, a.Line1, a.Line2, a.PostalCode, a.City, a.Country.Value) : null;
            var order = new PlaceOrderRequest(cart.Market.Value, cart.Channel.Value, request.Email ?? cart.Email, [.. cart.Lines.Select(l => new OrderLineRequest(l.Sku.Value, l.Quantity))],
                cart.ShippingMethod?.Value, address, cart.PickupStore?.Value, request.Payment, request.ExpectedTotal, request.Currency);
            var now = book.Clock.Now();
            // A guest's cart checked out after signing in becomes the customer's order.
            var draft = PlaceOrder.Prepare(order, cart.CustomerId ?? customerId, payments, data, now);
            if (!draft.IsSuccess)
            {
                return draft.Error;
            }

            if (PlaceOrder.KnownSoldOut(draft.Value, entry.Holds, book.SoldOut, now) is { } known)
            {
                return known;
            }

            // The answer is made before the write, so the one writer only writes.
            var placed = draft.Value.Order.ToResponse();
            var answer = CartBook.Answer.Of(hash, placed);
            var checkedOut = cart.Copy();
            checkedOut.Become(placed.Id);
            var written = await book.Writer.Write(async batch =>
            {
                if (!await CartRows.Claim(batch, checkedOut))
                {
                    return CartBook.Overtaken;
                }

                if (await PlaceOrder.Sell(batch, draft.Value, entry.Holds, book.SoldOut, book.UnitsLeft, now) is { } soldOut)
                {
                    return soldOut;
                }

                await draft.Value.AddTo(batch);
                await CartRows.SaveOrder(batch, checkedOut);
                await answer.Store(batch, scoped, now);
                return Result<bool>.Success(true);
            });
            if (!written.IsSuccess)
            {
                return written.Error;
            }

            book.Awaiting.Add(draft.Value.Order);
            book.Addresses.Forget(id); // Its units are sold now, no longer held.
            (entry.Cart, entry.Holds) = (checkedOut, []);
            entry.Answers[scoped] = answer;
            return placed;
        }, ct);
}
