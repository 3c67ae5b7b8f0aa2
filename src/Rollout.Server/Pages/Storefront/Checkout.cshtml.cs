using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Channels;
using Rollout.Orders;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// Checkout in one form: e-mail and address (in the market), a shipping method of the market (a pickup names one of
/// its stores), how to pay. The form carries an idempotency key made when it was shown, so a double submit places
/// one order.
/// </summary>
public sealed class CheckoutModel(RolloutDb db, TimeProvider clock, PaymentProviders payments) : StorefrontPage(db, clock)
{
    public CartResponse? Cart { get; private set; }

    public IReadOnlyList<ChannelResponse> Stores { get; private set; } = [];

    public IReadOnlyList<IPaymentProvider> Payments => payments.All;

    public string? Problem { get; private set; }

    [BindProperty]
    public CheckoutForm Form { get; set; } = new();

    public async Task<IActionResult> OnGet(string market, CancellationToken ct)
    {
        if (!await Load(market, ct))
        {
            return NotFound();
        }

        if (Cart is null || Cart.Lines.Count == 0)
        {
            return Redirect($"{Home}/cart");
        }

        var address = Cart.Address ?? await SavedAddress(ct);
        Form = new CheckoutForm
        {
            Key = Guid.NewGuid().ToString("N"),
            Email = Cart.Email ?? "",
            Name = address?.Name ?? "",
            Line1 = address?.Line1 ?? "",
            Line2 = address?.Line2,
            PostalCode = address?.PostalCode ?? "",
            City = address?.City ?? "",
            Shipping = Cart.ShippingMethod ?? (Cart.ShippingMethods.Count > 0 ? Cart.ShippingMethods[0].Code : ""),
            PickupStore = Cart.PickupStore,
            Payment = Payments[0].Code,
            Shown = Shown(Cart),
        };
        return Page();
    }

    public async Task<IActionResult> OnPost(string market, CancellationToken ct)
    {
        if (!await Load(market, ct))
        {
            return NotFound();
        }

        if (Cart is null)
        {
            // A second click after the first placed the order: show that order, never a second one.
            return await PlacedOrder(ct) is { } placed ? Redirect($"{Home}/orders/{placed}") : Redirect($"{Home}/cart");
        }

        var pickup = Cart.ShippingMethods.FirstOrDefault(m => m.Code == Form.Shipping)?.Kind == "pickup";
        if (!pickup)
        {
            var address = await OpenCart.SetAddress(Cart.Id, new SetCartAddressRequest(Form.Email, new AddressRequest(Form.Name, Form.Line1, Form.Line2, Form.PostalCode, Form.City, Market.Code)), CustomerId, Carts, Db, ct);
            if (!address.IsSuccess)
            {
                return Refused(address.Error);
            }
        }

        var shipping = await OpenCart.SetShipping(Cart.Id, new SetCartShippingRequest(Form.Shipping, pickup ? Form.PickupStore : null), CustomerId, Carts, Db, ct);
        if (!shipping.IsSuccess)
        {
            return Refused(shipping.Error);
        }

        // The buyer pays what the page showed, or is shown the new prices first.
        if (Shown(shipping.Value) != Form.Shown)
        {
            Cart = shipping.Value;
            Form.Shown = Shown(Cart);
            ModelState.Remove("Form.Shown"); // Else the page would carry the old prices again.
            Problem = $"{Words["PricesChanged"]} {Words["Items"]}: {Price(Cart.Items)}.";
            return Page();
        }

        var order = await CheckoutCart.Handle(Cart.Id, new CheckoutCartRequest(Form.Payment, shipping.Value.Total, Market.Currency, Form.Email), Form.Key, CustomerId, payments, Carts, Db, ct);
        if (!order.IsSuccess)
        {
            // The same form sent twice: the cart's calls run one at a time, so the first has placed the order by now.
            if (order.Error.Code == "cart.checked_out" && await PlacedOrder(ct) is { } placed)
            {
                return Redirect($"{Home}/orders/{placed}");
            }

            return Refused(order.Error);
        }

        ForgetCart();
        return Redirect($"{Home}/orders/{order.Value.Id}");
    }

    /// <summary>A signed-in customer's kept address in this market, to start the form with.</summary>
    private async Task<AddressResponse?> SavedAddress(CancellationToken ct)
    {
        if (CustomerId is not { } customer || await Rollout.Identity.Customers.Me(customer, Db, ct) is not { IsSuccess: true } me)
        {
            return null;
        }

        var kept = me.Value.Addresses.FirstOrDefault(a => a.Country == Market.Code);
        return kept is null ? null : new AddressResponse(kept.Name, kept.Line1, kept.Line2, kept.PostalCode, kept.City, kept.Country);
    }

    /// <summary>The prices the page shows (items and each shipping method), carried by the form to be checked on submit.</summary>
    private static string Shown(CartResponse cart) =>
        string.Join(';', [$"items={cart.Items.ToString(System.Globalization.CultureInfo.InvariantCulture)}", .. cart.ShippingMethods.Select(m => $"{m.Code}={m.Price.ToString(System.Globalization.CultureInfo.InvariantCulture)}")]);

    /// <summary>The order this browser's cart became, if it did (the cart is then forgotten).</summary>
    private async Task<Guid?> PlacedOrder(CancellationToken ct)
    {
        if (CartCookieId is { } id && await Db.Carts.AsNoTracking().Where(c => c.Id == id).Select(c => c.OrderId).FirstOrDefaultAsync(ct) is { } order)
        {
            ForgetCart();
            return order;
        }

        return null;
    }

    private PageResult Refused(Error error)
    {
        Problem = error.Code == "stock.sold_out" ? $"{Words["SoldOut"]}: {error.Message}" : Explain(error);
        return Page();
    }

    private async Task<bool> Load(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return false;
        }

        Cart = await CurrentCart(ct);
        Stores = [.. (await GetChannels.All(Market.Code, Db, ct)).Value.Where(c => c.Kind == "physical-store")];
        return true;
    }

    public sealed class CheckoutForm
    {
        public string Key { get; set; } = "";

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string Line1 { get; set; } = "";

        public string? Line2 { get; set; }

        public string PostalCode { get; set; } = "";

        public string City { get; set; } = "";

        public string Shipping { get; set; } = "";

        public string? PickupStore { get; set; }

        public string Payment { get; set; } = "";

        public string Shown { get; set; } = "";
    }
}
