using Microsoft.AspNetCore.Mvc;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Orders;
using Rollout.Pricing;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// A product as the market's online store sells it now: its variants at today's prices, and "add to cart" (a hold; the
/// first one opens the cart, so the holds' budget also bounds the carts a browser opens).
/// </summary>
[RateLimited(RateLimits.Holds, Handler = nameof(OnPost))]
public sealed class ProductModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public CatalogProduct? Product { get; private set; }

    public IReadOnlyDictionary<string, PriceResponse> Prices { get; private set; } = new Dictionary<string, PriceResponse>();

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGet(string market, string product, CancellationToken ct) =>
        await Load(market, product, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(string market, string product, string? sku, int quantity, CancellationToken ct)
    {
        if (!await Load(market, product, ct))
        {
            return NotFound();
        }

        var cart = await CartToFill(ct);
        if (!cart.IsSuccess)
        {
            Problem = Explain(cart.Error);
            return Page();
        }

        var already = cart.Value.Lines.FirstOrDefault(l => l.Sku == sku)?.Quantity ?? 0;
        var added = await OpenCart.SetLine(cart.Value.Id, new SetCartLineRequest(sku, already + quantity), null, CustomerId, RateLimits.ClientAddress(HttpContext), Carts, Db, ct);
        if (!added.IsSuccess)
        {
            Problem = added.Error.Code == "stock.sold_out" ? Words["SoldOut"] : Explain(added.Error);
            return Page();
        }

        return Redirect($"{Home}/cart");
    }

    private async Task<bool> Load(string market, string product, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return false;
        }

        var store = (await GetChannels.All(Market.Code, Db, ct)).Value.FirstOrDefault(c => c.Kind == "online-store");
        if (store is null)
        {
            return false;
        }

        var catalog = await GetCatalog.Handle(Market.Code, store.Code, Db, Clock, ct);
        Product = catalog.IsSuccess ? catalog.Value.Products.FirstOrDefault(p => p.Code == product) : null;
        if (Product is null)
        {
            return false;
        }

        Prices = await GetPrice.InForce(Market.Code, store.Code, Product.Variants.Select(v => v.Sku), Db, Clock, ct);
        return true;
    }
}
