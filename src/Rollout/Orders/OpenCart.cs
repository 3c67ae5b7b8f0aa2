using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record OpenCartRequest(string? Market, string? Channel);

public sealed record SetCartLineRequest(string? Sku, int? Quantity);

public sealed record CartLineResponse(string Sku, int Quantity, bool Held, DateTimeOffset? HeldUntil);

public sealed record CartResponse(Guid Id, string Market, string Channel, IReadOnlyList<CartLineResponse> Lines, Guid? OrderId);

/// <summary>Carts: opened in a market and channel; a line holds its units from a location serving the market.</summary>
public static class OpenCart
{
    public static async Task<Result<CartResponse>> Handle(OpenCartRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        if (validator.IsValid)
        {
            var now = clock.Now();
            validator.Require(market.IsOpenAt(now), "market", $"{market.Name} is not open.");
            validator.Require(channel.SellsIn(market.Code) && channel.Kind != ChannelKind.Partner, "channel", $"'{channel.Code}' does not sell to shoppers in {market.Code}.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var cart = Cart.Open(market.Code, channel.Code, clock.Now());
        db.Carts.Add(cart);
        await db.SaveChangesAsync(ct);
        return await Show(cart.Id, db, ct);
    }

    /// <summary>Sets how many of a variant the cart wants (0 removes it) and holds the units, or says they are gone.</summary>
    public static async Task<Result<CartResponse>> SetLine(Guid id, SetCartLineRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var cart = await db.Carts.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null)
        {
            return Error.NotFound("cart.not_found", $"There is no cart {id}.");
        }

        if (cart.OrderId is not null)
        {
            return Error.Conflict("cart.checked_out", "This cart became an order; open a new one.");
        }

        var validator = new Validator();
        var variant = validator.Field("sku", await GetProducts.FindVariant(request.Sku, db, ct));
        validator.Require(request.Quantity is >= 0 and <= 10, "quantity", "A cart holds 0 to 10 of a variant (0 removes it).");
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
            var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == variant.Sku && l.Market == cart.Market && l.Channel == cart.Channel, ct);
            if (listing is null || !listing.IsSellableAt(now, market, channel, variant))
            {
                return Error.Invalid("sku", "cart.not_on_sale", $"{variant.Sku} is not on sale in {cart.Market} through '{cart.Channel}'.");
            }

            var held = await Hold(cart, variant.Sku, quantity, db, clock, ct);
            if (!held)
            {
                return Error.Conflict("stock.sold_out", $"{variant.Sku} is sold out in {cart.Market}.");
            }
        }
        else
        {
            foreach (var hold in await db.Reservations.AsNoTracking().Where(r => r.Holder == cart.Holder && r.Sku == variant.Sku && r.Status == ReservationStatus.Held).ToListAsync(ct))
            {
                await ExpireReservations.Release(hold.Id, db, ct);
            }
        }

        cart.Set(variant.Sku, quantity);
        await db.SaveChangesAsync(ct);
        return await Show(id, db, ct);
    }

    public static async Task<Result<CartResponse>> Show(Guid id, RolloutDb db, CancellationToken ct)
    {
        var cart = await db.Carts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cart is null)
        {
            return Error.NotFound("cart.not_found", $"There is no cart {id}.");
        }

        var holds = await db.Reservations.AsNoTracking().Where(r => r.Holder == cart.Holder && r.Status == ReservationStatus.Held).ToListAsync(ct);
        return new CartResponse(cart.Id, cart.Market.Value, cart.Channel.Value,
            [.. cart.Lines.Select(l => holds.FirstOrDefault(h => h.Sku == l.Sku) is { } h
                ? new CartLineResponse(l.Sku.Value, l.Quantity, h.Quantity == l.Quantity, h.ExpiresAt.ToDateTimeOffset())
                : new CartLineResponse(l.Sku.Value, l.Quantity, false, null))],
            cart.OrderId);
    }

    /// <summary>Holds the units at the first location serving the market that has them; the cart's own hold is changed, not doubled.</summary>
    private static async Task<bool> Hold(Cart cart, Sku sku, int quantity, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var mine = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Holder == cart.Holder && r.Sku == sku && r.Status == ReservationStatus.Held, ct);
        var locations = mine is not null
            ? [mine.Location]
            : (await db.StockLocations.AsNoTracking().ToListAsync(ct)).Where(l => l.Serves.Contains(cart.Market)).Select(l => l.Code).ToList();
        foreach (var location in locations)
        {
            var held = await ReserveStock.Handle(new ReserveStockRequest(sku.Value, location.Value, cart.Channel.Value, cart.Holder, quantity), db, clock, ct);
            if (held.IsSuccess)
            {
                return true;
            }
        }

        return false;
    }
}
