using Rollout.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Orders;

namespace Rollout.Server.Pages.Admin;

[Microsoft.AspNetCore.Authorization.Authorize(Policy = StaffAuthentication.PersonalData)]
public sealed class OrdersModel(RolloutDb db) : PageModel
{
    public IReadOnlyList<OrderResponse> Orders { get; private set; } = [];

    public async Task OnGet(CancellationToken ct) => Orders = await GetOrders.Recent(null, null, db, ct);
}
