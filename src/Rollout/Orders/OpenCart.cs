using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
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
/// shipping method is one of the market's, a pickup naming one of its physical stores. Carts live in the
/// <see cref="CartBook"/> and every change is group-committed before it is answered.
/// </summary>
public static class OpenCart
{
    public static async Task<Result<CartResponse>> Handle(OpenCartRequest request, string? customerId, string? customerEmail, CartBook book, DbOnDemand db, CancellationToken ct)
    {
        var data = await book.Data(db, ct);
        var now = book.Clock.Now();
        var validator = new Validator();
        var market = validator.Field("market", data.Market(request.Market));
        var channel = validator.Field("channel", data.Channel(request.Channel));
        if (validator.IsValid)
        {
            Selling.CheckShop(market, channel, now, validator);
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var cart = Cart.Open(market.Code, channel.Code, customerId, customerEmail, now);
        var opened = await book.Writer.Write(async batch =>
        {
            await CartRows.Insert(batch, cart);
            return Result<Cart>.Success(cart);
        });
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        book.Add(cart);
        return Show(cart, new Dictionary<Sku, Held>(), data, now);
    }

    /// <summary>
    /// Sets how many of a variant the cart wants (0 removes it) and holds the units, or says they are gone. With an
    /// Idempotency-Key, a retry gets the first answer. A cart holds at most <see cref="CheckoutOptions.UnitsHeldPerCart"/>
    /// units, and the carts of one client address (<paramref name="clientAddress"/>, null when unknown) at most
    /// <see cref="CheckoutOptions.UnitsHeldPerAddress"/>; a change that would hold more is refused, one that holds less never.
    /// </summary>
    public static Task<Result<CartResponse>> SetLine(Guid id, SetCartLineRequest request, string? key, string? customerId, string? clientAddress, CartBook book, DbOnDemand db, CancellationToken ct) =>
        book.With(id, customerId, db, async (entry, data) =>
        {
            if (key is not null && Idempotency.CheckKey(key) is { } badKey)
            {
                return badKey;
            }

            var (scoped, hash) = ($"line:{id:N}:{key}", key is null ? "" : Idempotency.Hash(request));
            if (key is not null && await entry.Replay<CartResponse>(scoped, hash, db, ct) is { } replayed)
            {
                return replayed;
            }

            var cart = entry.Cart!;
            if (cart.OrderId is not null)
            {
                return CheckedOut;
            }

            var validator = new Validator();
            var variant = validator.Field("sku", data.Variant(request.Sku));
            validator.Require(request.Quantity is >= 0 and <= 10, "quantity", "A cart holds 0 to 10 of a variant (0 removes it).");
            validator.Require(request.Quantity is not > 0 || cart.Lines.Count < 20 || cart.Lines.Any(l => l.Sku == variant?.Sku), "sku", "A cart holds at most 20 different variants.");
            if (validator.ToError() is { } invalid)
            {
                return invalid;
            }

            var now = book.Clock.Now();
            var quantity = request.Quantity!.Value;
            var market = data.Market(cart.Market.Value).Value;
            if (quantity > 0 && Selling.Find(variant, market, data.Channel(cart.Channel.Value).Value, now, data) is { IsSuccess: false } offer)
            {
                return offer.Error;
            }

            var mine = entry.Holds.GetValueOrDefault(variant.Sku);
            if (quantity > 0 && mine is null && book.SoldOut.Knows(variant.Sku, cart.Channel, cart.Market, now))
            {
                return SoldOut(variant.Sku, cart.Market);
            }

            var changed = cart.Copy();
            changed.Set(variant.Sku, quantity);
            var expires = now + Duration.FromMinutes(book.Options.HoldMinutes(cart.Market));
            // The answer is made before the write (as it will be if the units are there), so the one writer only writes.
            var holds = new Dictionary<Sku, Held>(entry.Holds);
            holds.Remove(variant.Sku);
            if (quantity > 0)
            {
                holds[variant.Sku] = new Held(Guid.Empty, variant.Sku, mine?.Location ?? default, mine?.Allocation, quantity, expires);
            }

            var before = mine is not null && mine.ExpiresAt > now ? mine.Quantity : 0;
            if (quantity > before && AddressHolds.Live(holds.Values, now) is var units && units > book.Options.UnitsHeldPerCart)
            {
                return TooManyInCart(book.Options.UnitsHeldPerCart, units);
            }

            var undo = default(AddressHolds.Before);
            if (clientAddress is not null && !book.Addresses.TryHold(clientAddress, cart.Id, holds.Values, now, book.Options.UnitsHeldPerAddress, out undo, out var elsewhere))
            {
                return TooManyFromAddress(book.Options.UnitsHeldPerAddress, elsewhere);
            }

            // The address's count was taken before the write, so two carts of one address never both slip under the cap.
            void Undo()
            {
                if (clientAddress is not null)
                {
                    book.Addresses.Undo(cart.Id, undo);
                }
            }

            var shown = Show(changed, holds, data, now);
            var answer = key is null ? null : CartBook.Answer.Of(hash, shown);
            Result<Held?> written;
            try
            {
                written = await book.Writer.Write(async batch =>
                {
                    if (!await CartRows.Claim(batch, changed))
                    {
                        return CartBook.Overtaken;
                    }

                    Held? held = null;
                    if (quantity > 0)
                    {
                        var version = book.SoldOut.Version;
                        var locations = mine is null ? data.LocationsServing(cart.Market) : [mine.Location];
                        held = await StockHolds.Hold(batch, mine, variant.Sku, locations, cart.Channel, cart.Holder, quantity, now, expires, book.UnitsLeft);
                        if (held is null)
                        {
                            if (mine is null && quantity == 1)
                            {
                                await book.SoldOut.Note(batch, variant.Sku, cart.Channel, cart.Market, version);
                            }

                            return SoldOut(variant.Sku, cart.Market);
                        }
                    }
                    else if (mine is not null)
                    {
                        await StockHolds.End(batch, mine, ReservationStatus.Released);
                    }

                    await CartRows.SaveLines(batch, changed);
                    if (answer is not null)
                    {
                        await answer.Store(batch, scoped, now);
                    }

                    return Result<Held?>.Success(held);
                });
            }
            catch
            {
                Undo();
                throw;
            }

            if (!written.IsSuccess)
            {
                Undo();
                return written.Error;
            }

            if (written.Value is { } kept)
            {
                holds[variant.Sku] = kept;
            }

            (entry.Cart, entry.Holds) = (changed, holds);
            if (answer is not null)
            {
                entry.Answers[scoped] = answer;
            }

            return shown;
        }, ct);

    /// <summary>Who to write to and, for a delivery, where the order goes (in the cart's market); an e-mail alone suits a pickup.</summary>
    public static Task<Result<CartResponse>> SetAddress(Guid id, SetCartAddressRequest request, string? customerId, CartBook book, DbOnDemand db, CancellationToken ct) =>
        Change(id, customerId, book, db, CartRows.SaveAddress, (cart, market, _, validator) =>
        {
            var email = request.Email ?? cart.Email;
            validator.Require(Selling.IsEmail(email), "email", "Give the buyer's e-mail address; the confirmation goes there.");
            // An e-mail alone is enough for an order collected at a store; a delivery needs the address too (checked at checkout).
            var address = request.Address is null ? null : Selling.Address(request.Address, market, validator);
            if (validator.IsValid)
            {
                cart.Deliver(email!, address ?? cart.Address);
            }
        }, ct);

    /// <summary>Chooses one of the market's shipping methods; a pickup names a physical store of the market.</summary>
    public static Task<Result<CartResponse>> SetShipping(Guid id, SetCartShippingRequest request, string? customerId, CartBook book, DbOnDemand db, CancellationToken ct) =>
        Change(id, customerId, book, db, CartRows.SaveShipping, (cart, market, data, validator) =>
        {
            if (Selling.Shipping(market, request.Method, request.PickupStore, "method", validator, data) is var (method, store))
            {
                cart.Ship(method.Code, store?.Code);
            }
        }, ct);

    public static Task<Result<CartResponse>> Show(Guid id, string? customerId, CartBook book, DbOnDemand db, CancellationToken ct) =>
        book.With(id, customerId, db, (entry, data) => Task.FromResult(Result<CartResponse>.Success(Show(entry.Cart!, entry.Holds, data, book.Clock.Now()))), ct, readOnly: true);

    /// <summary>A guest's cart becomes the customer's when they sign in (a cart of someone else's stays theirs).</summary>
    public static async Task Claim(Guid id, string customerId, CartBook book, DbOnDemand db, CancellationToken ct) =>
        await book.With<bool>(id, null, db, async (entry, _) =>
        {
            if (entry.Cart is not { CustomerId: null, OrderId: null } cart)
            {
                return Result<bool>.Success(false);
            }

            var claimed = cart.Copy();
            claimed.Belong(customerId);
            var written = await book.Writer.Write(async batch =>
            {
                if (!await CartRows.Claim(batch, claimed))
                {
                    return CartBook.Overtaken;
                }

                await CartRows.SaveCustomer(batch, claimed);
                return Result<bool>.Success(true);
            });
            if (written.IsSuccess)
            {
                entry.Cart = claimed;
            }

            return written;
        }, ct);

    /// <summary>The carts of a customer that have not become orders, newest first.</summary>
    public static async Task<IReadOnlyList<CartResponse>> OpenCarts(string customerId, CartBook book, DbOnDemand db, CancellationToken ct)
    {
        var ids = await db.Get().Carts.AsNoTracking().Where(c => c.CustomerId == customerId && c.OrderId == null).OrderByDescending(c => c.CreatedAt).Select(c => c.Id).Take(20).ToListAsync(ct);
        var carts = new List<CartResponse>();
        foreach (var id in ids)
        {
            if (await Show(id, customerId, book, db, ct) is { IsSuccess: true } shown && shown.Value.OrderId is null)
            {
                carts.Add(shown.Value);
            }
        }

        return carts;
    }

    internal static Error SoldOut(Sku sku, CountryCode market) => Error.Conflict(CartBook.SoldOutCode, $"{sku} is sold out in {market}.");

    internal static Error CheckedOut => Error.Conflict("cart.checked_out", "This cart became an order; open a new one.");

    internal static Error TooManyInCart(int most, int units) =>
        Error.Invalid("quantity", "cart.units_per_cart", $"A cart holds at most {most} units at once; this change would hold {units}.");

    /// <summary>A 409 (the request is fine; what the address already holds is not) that still names the field and the rule.</summary>
    internal static Error TooManyFromAddress(int most, int elsewhere)
    {
        var rule = $"At most {most} units may be held at once by carts from one address; other carts from yours hold {elsewhere}. Check out or empty them, or wait until their hold runs out.";
        return new Error(ErrorKind.Conflict, "cart.units_per_address", rule, new Dictionary<string, string[]> { ["quantity"] = [rule] })
        {
            Details = new Dictionary<string, object> { ["limit"] = most, ["heldElsewhere"] = elsewhere },
        };
    }

    /// <summary>The cart as the shopper sees it now: its lines at today's prices, its holds, its market's shipping methods.</summary>
    internal static CartResponse Show(Cart cart, IReadOnlyDictionary<Sku, Held> holds, SellingData data, Instant now)
    {
        var market = data.Market(cart.Market.Value).Value;
        var lines = new List<CartLineResponse>();
        var sum = PriceBreakdown.FromNet(Money.Zero(market.Currency), market.VatRate);
        foreach (var line in cart.Lines)
        {
            var price = data.Price(line.Sku, cart.Market, cart.Channel, now);
            var cost = price is null ? null : PriceBreakdown.Of(price.Amount * line.Quantity, price.Basis, market.VatRate);
            sum = cost is null ? sum : sum.Add(cost);
            var hold = holds.GetValueOrDefault(line.Sku) is { } live && live.ExpiresAt > now ? live : null;
            lines.Add(new CartLineResponse(line.Sku.Value, data.Name(line.Sku), line.Quantity, price?.Amount.Amount, cost?.Gross.Amount, hold?.Quantity == line.Quantity, hold?.ExpiresAt.ToDateTimeOffset()));
        }

        var methods = data.ShippingMethods(cart.Market);
        var shipping = methods.FirstOrDefault(m => m.Code == cart.ShippingMethod)?.Breakdown(market);
        var total = shipping is null ? sum : sum.Add(shipping);
        return new CartResponse(cart.Id, cart.Market.Value, cart.Channel.Value, market.Currency.Value, cart.Email, lines, AddressResponse.Of(cart.Address), cart.ShippingMethod?.Value, cart.PickupStore?.Value,
            [.. methods.Select(m => m.ToResponse(market))], sum.Gross.Amount, shipping?.Gross.Amount ?? 0, total.Gross.Amount, total.Vat.Amount, cart.OrderId);
    }

    /// <summary>Changes a copy of the cart by <paramref name="change"/> (which reports broken rules), writes it, and keeps it.</summary>
    private static Task<Result<CartResponse>> Change(Guid id, string? customerId, CartBook book, DbOnDemand db, Func<Batch, Cart, Task> write, Action<Cart, Market, SellingData, Validator> change, CancellationToken ct) =>
        book.With<CartResponse>(id, customerId, db, async (entry, data) =>
        {
            if (entry.Cart!.OrderId is not null)
            {
                return CheckedOut;
            }

            var changed = entry.Cart.Copy();
            var validator = new Validator();
            change(changed, data.Market(changed.Market.Value).Value, data, validator);
            if (validator.ToError() is { } invalid)
            {
                return invalid;
            }

            var written = await book.Writer.Write(async batch =>
            {
                if (!await CartRows.Claim(batch, changed))
                {
                    return CartBook.Overtaken;
                }

                await write(batch, changed);
                return Result<Cart>.Success(changed);
            });
            if (!written.IsSuccess)
            {
                return written.Error;
            }

            entry.Cart = changed;
            return Show(changed, entry.Holds, data, book.Clock.Now());
        }, ct);
}
