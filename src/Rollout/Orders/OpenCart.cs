using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record OpenCartRequest(string? Market, string? Channel);

public sealed record SetCartLineRequest(string? Sku, int? Quantity);

public sealed record SetCartAddressRequest(string? Email, AddressRequest? Address);

public sealed record SetCartShippingRequest(string? Method, string? PickupStore);

public sealed record CartLineResponse(string Sku, string Name, int Quantity, decimal? UnitPrice, decimal? Total, bool Held, DateTimeOffset? HeldUntil);

/// <summary>A cart with its prices as they stand now (checkout prices it again) and the shipping methods of its market.</summary>
public sealed record CartResponse(
    Guid Id,
    string Market,
    string Channel,
    string Currency,
    string? Email,
    IReadOnlyList<CartLineResponse> Lines,
    AddressResponse? Address,
    string? ShippingMethod,
    string? PickupStore,
    IReadOnlyList<ShippingMethodResponse> ShippingMethods,
    decimal Items,
    decimal Shipping,
    decimal Total,
    decimal Vat,
    Guid? OrderId);

/// <summary>
/// Carts: opened in a market and channel (a customer's belongs to them; a guest's is reached by its id); a line holds
/// its units at a location serving the market for the market's hold time; the address must be in the market; the
/// shipping method is one of the market's, a pickup naming one of its physical stores.
/// </summary>
public static class OpenCart
{
    public static async Task<Result<CartResponse>> Handle(OpenCartRequest request, string? customerId, string? customerEmail, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        if (validator.IsValid)
        {
            Selling.CheckShop(market, channel, clock.Now(), validator);
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var cart = Cart.Open(market.Code, channel.Code, customerId, customerEmail, clock.Now());
        db.Carts.Add(cart);
        await db.SaveChangesAsync(ct);
        return await Show(cart.Id, customerId, db, clock, ct);
    }

    /// <summary>Sets how many of a variant the cart wants (0 removes it) and holds the units, or says they are gone.</summary>
    public static async Task<Result<CartResponse>> SetLine(Guid id, SetCartLineRequest request, string? customerId, CheckoutOptions options, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await Changeable(id, customerId, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var cart = found.Value;
        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        validator.Require(request.Quantity is >= 0 and <= 10, "quantity", "A cart holds 0 to 10 of a variant (0 removes it).");
        validator.Require(request.Quantity is not > 0 || cart.Lines.Count < 20 || cart.Lines.Any(l => l.Sku == variant?.Sku), "sku", "A cart holds at most 20 different variants.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var now = clock.Now();
        var quantity = request.Quantity!.Value;
        if (quantity > 0)
        {
            var market = (await GetMarkets.Find(cart.Market.Value, db, ct)).Value;
            var channel = (await GetChannels.Find(cart.Channel.Value, db, ct)).Value;
            var offer = await Selling.Find(variant, market, channel, now, db, ct);
            if (!offer.IsSuccess)
            {
                return offer.Error;
            }

            if (!await Hold(cart, variant.Sku, quantity, options.HoldMinutes(cart.Market), db, clock, ct))
            {
                return Error.Conflict("stock.sold_out", $"{variant.Sku} is sold out in {cart.Market}.");
            }
        }
        else
        {
            var (holder, sku) = (cart.Holder, variant.Sku);
            foreach (var hold in await db.Reservations.AsNoTracking().Where(r => r.Holder == holder && r.Sku == sku && r.Status == ReservationStatus.Held).ToListAsync(ct))
            {
                await ExpireReservations.Release(hold.Id, db, ct);
            }
        }

        cart.Set(variant.Sku, quantity);
        await db.SaveChangesAsync(ct);
        return await Show(id, customerId, db, clock, ct);
    }

    /// <summary>Who to write to and, for a delivery, where the order goes (in the cart's market); an e-mail alone suits a pickup.</summary>
    public static async Task<Result<CartResponse>> SetAddress(Guid id, SetCartAddressRequest request, string? customerId, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await Changeable(id, customerId, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var cart = found.Value;
        var market = (await GetMarkets.Find(cart.Market.Value, db, ct)).Value;
        var validator = new Validator();
        var email = request.Email ?? cart.Email;
        validator.Require(Selling.IsEmail(email), "email", "Give the buyer's e-mail address; the confirmation goes there.");
        // An e-mail alone is enough for an order collected at a store; a delivery needs the address too (checked at checkout).
        var address = request.Address is null ? null : Selling.Address(request.Address, market, validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        cart.Deliver(email!, address ?? cart.Address);
        await db.SaveChangesAsync(ct);
        return await Show(id, customerId, db, clock, ct);
    }

    /// <summary>Chooses one of the market's shipping methods; a pickup names a physical store of the market.</summary>
    public static async Task<Result<CartResponse>> SetShipping(Guid id, SetCartShippingRequest request, string? customerId, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await Changeable(id, customerId, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var cart = found.Value;
        var market = (await GetMarkets.Find(cart.Market.Value, db, ct)).Value;
        var validator = new Validator();
        var chosen = await Selling.Shipping(market, request.Method, request.PickupStore, "method", validator, db, ct);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var (method, store) = chosen!.Value;
        cart.Ship(method.Code, store?.Code);
        await db.SaveChangesAsync(ct);
        return await Show(id, customerId, db, clock, ct);
    }

    public static async Task<Result<CartResponse>> Show(Guid id, string? customerId, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.Carts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null || !cart.IsOpenTo(customerId))
        {
            return NotFound(id);
        }

        var now = clock.Now();
        var market = (await GetMarkets.Find(cart.Market.Value, db, ct)).Value;
        var holder = cart.Holder;
        var holds = await db.Reservations.AsNoTracking().Where(r => r.Holder == holder && r.Status == ReservationStatus.Held && r.ExpiresAt > now).ToListAsync(ct);
        var lines = new List<CartLineResponse>();
        var names = await VariantNames.Of([.. cart.Lines.Select(l => l.Sku)], db, ct);
        var sum = PriceBreakdown.FromNet(Money.Zero(market.Currency), market.VatRate);
        foreach (var line in cart.Lines)
        {
            var price = (await PricingData.Timeline(db, line.Sku, cart.Market, cart.Channel, ct)).InForceAt(now);
            var cost = price is null ? null : PriceBreakdown.Of(price.Amount * line.Quantity, price.Basis, market.VatRate);
            sum = cost is null ? sum : sum.Add(cost);
            var hold = holds.FirstOrDefault(h => h.Sku == line.Sku);
            lines.Add(new CartLineResponse(line.Sku.Value, names.GetValueOrDefault(line.Sku) ?? line.Sku.Value, line.Quantity, price?.Amount.Amount, cost?.Gross.Amount, hold?.Quantity == line.Quantity, hold?.ExpiresAt.ToDateTimeOffset()));
        }

        var methods = await ShippingMethods.Active(cart.Market, db, ct);
        var shipping = methods.FirstOrDefault(m => m.Code == cart.ShippingMethod)?.Breakdown(market);
        var total = shipping is null ? sum : sum.Add(shipping);
        return new CartResponse(cart.Id, cart.Market.Value, cart.Channel.Value, market.Currency.Value, cart.Email, lines, AddressResponse.Of(cart.Address), cart.ShippingMethod?.Value, cart.PickupStore?.Value,
            [.. methods.Select(m => m.ToResponse(market))], sum.Gross.Amount, shipping?.Gross.Amount ?? 0, total.Gross.Amount, total.Vat.Amount, cart.OrderId);
    }

    /// <summary>A guest's cart becomes the customer's when they sign in (a cart of someone else's stays theirs).</summary>
    public static Task<int> Claim(Guid id, string customerId, RolloutDb db, CancellationToken ct) =>
        db.Carts.Where(c => c.Id == id && c.CustomerId == null && c.OrderId == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, customerId), ct);

    /// <summary>The carts of a customer that have not become orders, newest first.</summary>
    public static async Task<IReadOnlyList<CartResponse>> OpenCarts(string customerId, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var ids = await db.Carts.AsNoTracking().Where(c => c.CustomerId == customerId && c.OrderId == null).OrderByDescending(c => c.CreatedAt).Select(c => c.Id).Take(20).ToListAsync(ct);
        var carts = new List<CartResponse>();
        foreach (var id in ids)
        {
            carts.Add((await Show(id, customerId, db, clock, ct)).Value);
        }

        return carts;
    }

    internal static async Task<Result<Cart>> Changeable(Guid id, string? customerId, RolloutDb db, CancellationToken ct)
    {
        var cart = await db.Carts.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null || !cart.IsOpenTo(customerId))
        {
            return NotFound(id);
        }

        return cart.OrderId is null ? cart : Error.Conflict("cart.checked_out", "This cart became an order; open a new one.");
    }

    private static Error NotFound(Guid id) => Error.NotFound("cart.not_found", $"There is no cart {id} of yours.");

    /// <summary>Holds the units at the first location serving the market that has them; the cart's own hold is changed, not doubled.</summary>
    private static async Task<bool> Hold(Cart cart, Sku sku, int quantity, int minutes, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var holder = cart.Holder;
        var mine = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Holder == holder && r.Sku == sku && r.Status == ReservationStatus.Held, ct);
        var locations = mine is not null
            ? [mine.Location]
            : await GetStock.LocationsServing(cart.Market, db, ct);
        foreach (var location in locations)
        {
            var held = await ReserveStock.Hold(sku, location, cart.Channel, holder, quantity, minutes, db, clock, ct);
            if (held.IsSuccess)
            {
                return true;
            }
        }

        return false;
    }
}
