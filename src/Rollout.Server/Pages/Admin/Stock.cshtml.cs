using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Inventory;

namespace Rollout.Server.Pages.Admin;

public sealed class StockModel(RolloutDb db) : PageModel
{
    public IReadOnlyList<StockResponse> Levels { get; private set; } = [];

    public IReadOnlyList<AllocationResponse> Allocations { get; private set; } = [];

    public IReadOnlyList<MovementResponse> Ledger { get; private set; } = [];

    public async Task OnGet(CancellationToken ct)
    {
        Levels = await GetStock.Levels(null, null, db, ct);
        Allocations = await GetStock.Allocations(null, db, ct);
        Ledger = [.. (await GetStock.Ledger(null, null, db, ct)).Reverse().Take(100)];
    }
}
