using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Catalog;
using Rollout.Markets;

namespace Rollout.Server.Pages.Admin;

public sealed class CatalogModel(RolloutDb db, TimeProvider clock) : PageModel
{
    private ILookup<(string Sku, string Market), ListingResponse> listings = Enumerable.Empty<ListingResponse>().ToLookup(l => (l.Sku, l.Market));

    public IReadOnlyList<ProductResponse> Products { get; private set; } = [];

    public IReadOnlyList<MarketResponse> Markets { get; private set; } = [];

    public IReadOnlyList<ListingResponse> ListingsOf(string sku, string market) => [.. listings[(sku, market)]];

    public async Task OnGet(CancellationToken ct)
    {
        Products = await GetProducts.All(db, ct);
        Markets = await GetMarkets.All(db, clock, ct);
        listings = (await GetListings.All(null, db, clock, ct)).Value.ToLookup(l => (l.Sku, l.Market));
    }
}
