using Microsoft.AspNetCore.Mvc;
using Rollout.Orders;

namespace Rollout.Server.Pages.Storefront;

/// <summary>An order as its buyer sees it: confirmation, payment instructions, status, the withdrawal deadline.</summary>
public sealed class OrderModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public OrderResponse Order { get; private set; } = null!;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGet(string market, Guid id, CancellationToken ct) => await Load(market, id, ct) ? Page() : NotFound();

    /// <summary>The buyer withdraws (EU): accepted within 14 days of delivery, refused after, with the reason shown.</summary>
    public async Task<IActionResult> OnPostWithdraw(string market, Guid id, CancellationToken ct)
    {
        if (!await Load(market, id, ct))
        {
            return NotFound();
        }

        var withdrawn = await ProgressOrder.RequestWithdrawal(id, CustomerId, Db, Clock, ct);
        if (withdrawn.IsSuccess)
        {
            return Redirect($"{Home}/orders/{id}");
        }

        Problem = withdrawn.Error.Message;
        return Page();
    }

    private async Task<bool> Load(string market, Guid id, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return false;
        }

        var order = await GetOrders.One(id, CustomerId ?? "", Db, ct);
        if (!order.IsSuccess || order.Value.Market != Market.Code)
        {
            return false;
        }

        Order = order.Value;
        return true;
    }
}
