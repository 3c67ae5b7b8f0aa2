using Microsoft.AspNetCore.Mvc;
using Rollout.Orders;

namespace Rollout.Server.Pages.Storefront;

/// <summary>An order as its buyer sees it: confirmation, payment instructions, status, the withdrawal deadline.</summary>
public sealed class OrderModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public OrderResponse Order { get; private set; } = null!;

    public async Task<IActionResult> OnGet(string market, Guid id, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        var order = await GetOrders.One(id, CustomerId ?? "", Db, ct);
        if (!order.IsSuccess || order.Value.Market != Market.Code)
        {
            return NotFound();
        }

        Order = order.Value;
        return Page();
    }
}
