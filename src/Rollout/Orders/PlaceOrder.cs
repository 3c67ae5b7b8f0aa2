using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record OrderLineRequest(string? Sku, int? Quantity);

/// <summary>A postal address; its country must be the market's.</summary>
public sealed record AddressRequest(string? Name, string? Line1, string? Line2, string? PostalCode, string? City, string? Country);

/// <summary>
/// A checkout: what to buy in which market and channel, where to write, how it reaches the buyer (a delivery method and
/// an address, or a pickup method and a physical store), how it is paid, and optionally the total and currency the
/// buyer was shown, which must still be right.
/// </summary>
public sealed record PlaceOrderRequest(
    string? Market,
    string? Channel,
    string? Email,
    OrderLineRequest[]? Lines,
    string? Shipping = null,
    AddressRequest? Address = null,
    string? PickupStore = null,
    string? Payment = null,
    decimal? ExpectedTotal = null,
    string? Currency = null);

public sealed record OrderLineResponse(string Sku, string Name, int Quantity, decimal UnitPrice, decimal VatRate, decimal Net, decimal Vat, decimal Total);

public sealed record OrderTransitionResponse(string From, string To, string By, DateTimeOffset At, string Note);

/// <summary>A postal address as the API shows it.</summary>
public sealed record AddressResponse(string Name, string Line1, string? Line2, string PostalCode, string City, string Country)
{
    public static AddressResponse? Of(ShippingAddress? address) =>
        address is null ? null : new(address.Name, address.Line1, address.Line2, address.PostalCode, address.City, address.Country.Value);
}

public sealed record OrderShippingResponse(string Method, string Name, decimal Net, decimal Vat, decimal Total, AddressResponse? Address, string? PickupStore);

public sealed record OrderPaymentResponse(string Provider, string Reference, string ConfirmedBy, string Instructions, DateTimeOffset? PaidAt, decimal Refunded);

public sealed record OrderResponse(
    Guid Id,
    string Number,
    string Status,
    string Market,
    string Channel,
    string Currency,
    string Email,
    IReadOnlyList<OrderLineResponse> Lines,
    OrderShippingResponse Shipping,
    decimal Net,
    decimal Vat,
    decimal Total,
    OrderPaymentResponse Payment,
    DateTimeOffset PlacedAt,
    string? Carrier,
    string? TrackingNumber,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? WithdrawalDeadline,
    DateTimeOffset? WithdrawalRequestedAt,
    IReadOnlyList<OrderTransitionResponse> Transitions);

/// <summary>
/// Places an order in one transaction: every line listed and priced now, its units sold from the channel's
/// allocation or the pool by a conditional update (so the last unit is never sold twice), shipping priced with its
/// VAT, the payment provider chosen, and the confirmation e-mail written to the outbox. Retried with the same
/// Idempotency-Key and body it answers the same order; with another body it is refused.
/// </summary>
public static class PlaceOrder
{
    public static Task<Result<OrderResponse>> Handle(PlaceOrderRequest request, string? key, string? customerId, PaymentProviders payments, RolloutDb db, TimeProvider clock, CancellationToken ct, Cart? cart = null)
    {
        var now = clock.Now();
        var scope = cart is null ? "order" : $"cart:{cart.Id:N}";
        return Idempotency.Run(db, scope, key, request, now, claim =>
            StockLedger.InTransaction<OrderResponse>(db, async () =>
            {
                var placed = await Place(request, customerId, payments, cart, db, now, ct);
                if (placed.IsSuccess && !await claim.Complete(placed.Value, ct))
                {
                    return IdempotencyClaim.TakenOver;
                }

                return placed;
            }, ct), ct);
    }

    private static async Task<Result<OrderResponse>> Place(PlaceOrderRequest request, string? customerId, PaymentProviders payments, Cart? cart, RolloutDb db, Instant now, CancellationToken ct)
    {
        var validator = new Validator();
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        validator.Require(Selling.IsEmail(request.Email), "email", "An order needs the buyer's e-mail address.");
        var lines = request.Lines ?? [];
        validator.Require(lines.Length is >= 1 and <= 20, "lines", "An order has 1 to 20 lines.");
        var provider = payments.Find(request.Payment);
        validator.Require(provider is not null, "payment", $"Choose how to pay: one of {string.Join(", ", payments.All.Select(p => p.Code))}.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        Selling.CheckShop(market, channel, now, validator);
        validator.Require(request.Currency is null || string.Equals(request.Currency, market.Currency.Value, StringComparison.OrdinalIgnoreCase), "currency", $"Orders in {market.Code} are in {market.Currency}.");
        var shipping = await Shipping(request, market, provider!, db, validator, ct);
        var locations = await GetStock.LocationsServing(market.Code, db, ct);
        var priced = new List<OrderLine>();
        var variants = new List<Variant>();
        for (var i = 0; i < lines.Length; i++)
        {
            var field = $"lines[{i}]";
            var variant = validator.Field($"{field}.sku", await GetProducts.FindVariant(lines[i].Sku, db, ct));
            validator.Require(lines[i].Quantity is >= 1 and <= 10, $"{field}.quantity", "Buy 1 to 10 of a variant.");
            validator.Require(lines.Take(i).All(l => !string.Equals(l.Sku, lines[i].Sku, StringComparison.OrdinalIgnoreCase)), $"{field}.sku", "Each variant once; give the quantity instead.");
            if (variant is null || !validator.IsValid)
            {
                continue;
            }

            var offer = await Selling.Find(variant, market, channel, now, db, ct);
            if (!offer.IsSuccess)
            {
                validator.Add(offer.Error.Rename("sku", $"{field}.sku"));
                continue;
            }

            variants.Add(variant);
            var quantity = lines[i].Quantity!.Value;
            var price = offer.Value.Price;
            var breakdown = PriceBreakdown.Of(price.Amount * quantity, price.Basis, market.VatRate);
            priced.Add(new OrderLine(variant.Sku, quantity, price.AmountMinorUnits, market.VatRate.Value, breakdown.Net.MinorUnits, breakdown.Vat.MinorUnits, breakdown.Gross.MinorUnits, default, null));
        }

        if (validator.IsValid && request.ExpectedTotal is { } expected)
        {
            var total = Money.FromMinorUnits(priced.Sum(l => l.TotalMinorUnits) + shipping!.Value.Price.Gross.MinorUnits, market.Currency);
            validator.Require(expected == total.Amount, "expectedTotal", $"The total now is {total}, not {expected}; show the buyer the new total.");
        }

        if (validator.ToError() is { } wrong)
        {
            return wrong;
        }

        var names = await VariantNames.Of(variants, db, ct);
        priced = [.. priced.Select(l => l with { Name = names.GetValueOrDefault(l.Sku) })];

        // Every rule holds: now take the units, each line by one conditional update, in SKU order so that two baskets
        // holding the same variants lock their rows in the same order (no deadlock on PostgreSQL).
        priced.Sort((a, b) => string.CompareOrdinal(a.Sku.Value, b.Sku.Value));
        for (var i = 0; i < priced.Count; i++)
        {
            var line = priced[i];
            var source = cart is null ? null : await ConvertHold(db, cart.Holder, line.Sku, line.Quantity, now, ct);
            source ??= await Sell(db, line.Sku, channel.Code, locations, line.Quantity, ct);
            if (source is null && await ExpireReservations.Sweep(db, now, line.Sku, ct) > 0)
            {
                // Holds that ran out still counted against the stock: once they are returned, try again.
                source = await Sell(db, line.Sku, channel.Code, locations, line.Quantity, ct);
            }

            if (source is not { } taken)
            {
                return Error.Conflict("stock.sold_out", $"{line.Sku} is sold out in {market.Code}.");
            }

            priced[i] = line with { Location = taken.Location, AllocationId = taken.Allocation };
        }

        var (method, cost, address, store) = shipping!.Value;
        var order = Order.Place(new OrderTerms(market.Code, channel.Code, market.Currency, request.Email!, customerId, priced,
            method.Code, method.Name, cost.Net.MinorUnits, cost.Vat.MinorUnits, cost.Gross.MinorUnits, address, store?.Code, provider!.Code), now);
        var storeName = store is null ? null : store.Address is { } at ? $"{store.Name} ({at.Street}, {at.City})" : store.Name;
        order.Instruct(provider.Instructions(order, market, storeName), provider.ConfirmedBy);
        db.Orders.Add(order);
        db.OutboxMessages.Add(OrderMail.Confirmation(order, market, order.PaymentInstructions, now));
        await db.SaveChangesAsync(ct);
        var (cartId, orderId) = (cart?.Id, order.Id);
        if (cartId is not null && await db.Carts.Where(c => c.Id == cartId && c.OrderId == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.OrderId, orderId), ct) == 0)
        {
            return Error.Conflict("cart.checked_out", "This cart has already become an order.");
        }

        return order.ToResponse();
    }

    /// <summary>The shipping method of the market, with where it goes: an address in the market, or a physical store of it.</summary>
    private static async Task<(ShippingMethod Method, PriceBreakdown Price, ShippingAddress? Address, Channel? Store)?> Shipping(
        PlaceOrderRequest request, Market market, IPaymentProvider payment, RolloutDb db, Validator validator, CancellationToken ct)
    {
        var chosen = await Selling.Shipping(market, request.Shipping, request.PickupStore, "shipping", validator, db, ct);
        if (chosen is not var (method, store))
        {
            return null;
        }

        var address = method.Kind == ShippingKind.Delivery ? Selling.Address(request.Address, market, validator) : null;
        validator.Require(!payment.PickupOnly || method.Kind == ShippingKind.Pickup, "payment", $"'{payment.Code}' is only for orders collected at a store.");
        return (method, method.Breakdown(market), address, store);
    }

    /// <summary>
    /// Turns the cart's own live hold into a sale (the hold ends exactly once, as Sold); a hold that has run out is
    /// expired first, and the units are then sold afresh if any are left.
    /// </summary>
    private static async Task<(Slug Location, long? Allocation)?> ConvertHold(RolloutDb db, string holder, Sku sku, int quantity, Instant now, CancellationToken ct)
    {
        await ExpireReservations.Sweep(db, now, sku, ct);
        var hold = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Holder == holder && r.Sku == sku && r.Status == ReservationStatus.Held && r.Quantity == quantity, ct);
        var holdId = hold?.Id;
        if (hold is null || await db.Reservations.Where(r => r.Id == holdId && r.Status == ReservationStatus.Held)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Sold), ct) == 0)
        {
            return null;
        }

        if (hold.AllocationId is { } allocation)
        {
            await db.Allocations.Where(a => a.Id == allocation)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reserved, a => a.Reserved - quantity).SetProperty(a => a.Sold, a => a.Sold + quantity), ct);
        }
        else
        {
            var location = hold.Location;
            await db.StockLevels.Where(l => l.Sku == sku && l.Location == location)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolReserved, l => l.PoolReserved - quantity).SetProperty(l => l.PoolSold, l => l.PoolSold + quantity), ct);
        }

        return (hold.Location, hold.AllocationId);
    }

    /// <summary>Sells units from the channel's allocation at a location serving the market, else from a pool; null when none has them.</summary>
    private static async Task<(Slug Location, long? Allocation)?> Sell(RolloutDb db, Sku sku, Slug channel, IReadOnlyList<Slug> locations, int quantity, CancellationToken ct)
    {
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.Sku == sku && a.Channel == channel && a.Quantity > 0).ToListAsync(ct);
        foreach (var allocation in allocations.Where(a => locations.Contains(a.Location)))
        {
            var id = allocation.Id;
            var sold = await db.Allocations.Where(a => a.Id == id && a.Quantity >= a.Reserved + a.Sold + quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Sold, a => a.Sold + quantity), ct);
            if (sold == 1)
            {
                return (allocation.Location, allocation.Id);
            }
        }

        if (allocations.Count > 0)
        {
            return null; // A channel with an allocation sells from it alone.
        }

        foreach (var location in locations)
        {
            var sold = await db.StockLevels.Where(l => l.Sku == sku && l.Location == location && l.OnHand >= l.Allocated + l.PoolReserved + l.PoolSold + quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolSold, l => l.PoolSold + quantity), ct);
            if (sold == 1)
            {
                return (location, null);
            }
        }

        return null;
    }

    public static OrderResponse ToResponse(this Order order)
    {
        decimal Amount(long minor) => Money.FromMinorUnits(minor, order.Currency).Amount;
        return new OrderResponse(order.Id, order.Number, order.Status.ToString().ToLowerInvariant(), order.Market.Value, order.Channel.Value, order.Currency.Value, order.Email,
            [.. order.Lines.Select(l => new OrderLineResponse(l.Sku.Value, l.Name ?? l.Sku.Value, l.Quantity, Amount(l.UnitMinorUnits), l.VatRate, Amount(l.NetMinorUnits), Amount(l.VatMinorUnits), Amount(l.TotalMinorUnits)))],
            new OrderShippingResponse(order.ShippingMethod.Value, order.ShippingName, Amount(order.ShippingNetMinorUnits), Amount(order.ShippingVatMinorUnits), Amount(order.ShippingTotalMinorUnits), AddressResponse.Of(order.Address), order.PickupStore?.Value),
            Amount(order.NetMinorUnits), Amount(order.VatMinorUnits), Amount(order.TotalMinorUnits),
            new OrderPaymentResponse(order.Payment, order.PaymentReference, order.PaymentConfirmedBy == PaymentConfirmation.ByStaff ? "staff" : "webhook", order.PaymentInstructions, order.PaidAt?.ToDateTimeOffset(), Amount(order.RefundedMinorUnits)),
            order.PlacedAt.ToDateTimeOffset(),
            order.Carrier, order.TrackingNumber, order.DeliveredAt?.ToDateTimeOffset(),
            order.WithdrawalDeadline(EuropeanUnion.Includes(order.Market))?.ToDateTimeOffset(), order.WithdrawalRequestedAt?.ToDateTimeOffset(),
            [.. order.Transitions.Select(t => new OrderTransitionResponse(t.From.ToString().ToLowerInvariant(), t.To.ToString().ToLowerInvariant(), t.By, t.At.ToDateTimeOffset(), t.Note))]);
    }
}
