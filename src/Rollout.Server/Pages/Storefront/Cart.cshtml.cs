using Microsoft.AspNetCore.Mvc;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The shopper's cart in a market: lines at today's prices, how long their units stay reserved, totals.</summary>
[RateLimited(RateLimits.Holds, Handler = nameof(OnPost))]
public sealed class CartModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public CartResponse? Cart { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGet(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        Cart = await CurrentCart(ct);
        return Page();
    }

    public async Task<IActionResult> OnPost(string market, string? sku, int quantity, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        Cart = await CurrentCart(ct);
        if (Cart is null)
        {
            return Redirect($"{Home}/cart");
        }

        var changed = await OpenCart.SetLine(Cart.Id, new SetCartLineRequest(sku, quantity), null, CustomerId, RateLimits.ClientAddress(HttpContext), Carts, Db, ct);
        if (!changed.IsSuccess)
        {
            Problem = changed.Error.Code == "stock.sold_out" ? Words["SoldOut"] : Explain(changed.Error);
            return Page();
        }

        return Redirect($"{Home}/cart");
    }
}
