using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Markets;

namespace Rollout.Server.Pages;

public sealed class IndexModel(RolloutDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MarketResponse> Markets { get; private set; } = [];

    public async Task OnGet(CancellationToken ct) =>
        Markets = [.. (await GetMarkets.All(db, clock, ct)).Where(m => m.Status != "closed").OrderBy(m => m.Name, StringComparer.Ordinal)];
}
