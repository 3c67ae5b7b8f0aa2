using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record CheckoutCartRequest(string? Email);

/// <summary>
/// Turns a cart into an order: the cart's holds become sales (so its owner never competes with itself), lines whose
/// hold ran out are sold afresh if units are left, prices are those in force now. Same Idempotency-Key rules as
/// <see cref="PlaceOrder"/>; a cart becomes one order at most.
/// </summary>
public static class CheckoutCart
{
    public static async Task<Result<OrderResponse>> Handle(Guid id, CheckoutCartRequest request, string? key, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.Carts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null)
        {
            return Error.NotFound("cart.not_found", $"There is no cart {id}.");
        }

        var order = new PlaceOrderRequest(cart.Market.Value, cart.Channel.Value, request.Email, [.. cart.Lines.Select(l => new OrderLineRequest(l.Sku.Value, l.Quantity))]);
        return await PlaceOrder.Handle(order, key is null ? null : $"cart:{id:N}:{key}", db, clock, ct, cart);
    }
}
