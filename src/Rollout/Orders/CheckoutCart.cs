using Microsoft.EntityFrameworkCore;
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
    public static async Task<Result<OrderResponse>> Handle(Guid id, CheckoutCartRequest request, string? key, string? customerId, PaymentProviders payments, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.Carts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null || !cart.IsOpenTo(customerId))
        {
            return Error.NotFound("cart.not_found", $"There is no cart {id} of yours.");
        }

        if (cart.Lines.Count == 0)
        {
            return Error.Invalid("lines", "cart.empty", "The cart is empty; add a variant first.");
        }

        var address = cart.Address is { } a ? new AddressRequest(a.Name, a.Line1, a.Line2, a.PostalCode, a.City, a.Country.Value) : null;
        var order = new PlaceOrderRequest(cart.Market.Value, cart.Channel.Value, request.Email ?? cart.Email, [.. cart.Lines.Select(l => new OrderLineRequest(l.Sku.Value, l.Quantity))],
            cart.ShippingMethod?.Value, address, cart.PickupStore?.Value, request.Payment, request.ExpectedTotal, request.Currency);
        // A guest's cart checked out after signing in becomes the customer's order.
        return await PlaceOrder.Handle(order, key, cart.CustomerId ?? customerId, payments, db, clock, ct, cart);
    }
}
