using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Server.Pages.Admin;

public sealed class IndexModel(RolloutDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MarketResponse> Markets { get; private set; } = [];

    public IReadOnlyList<ProductResponse> Products { get; private set; } = [];

    public int ChannelCount { get; private set; }

    public async Task OnGet(CancellationToken ct)
    {
        Markets = await GetMarkets.All(db, clock, ct);
        Products = await GetProducts.All(db, ct);
        ChannelCount = (await GetChannels.All(null, db, ct)).Value.Count;
    }
}
