using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Mail;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record OrderLineRequest(string? Sku, int? Quantity);

/// <summary>A price that replaces the variant's price in force for one order (a flash sale's), as shelf prices are given in the market.</summary>
internal sealed record SalePrice(Catalog.Sku Sku, Money Amount);

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
/// Places an order: every line listed and priced now (from <see cref="SellingData"/>), its units sold from the
/// channel's allocation or the pool by conditional statements inside a group commit (so the last unit is never sold
/// twice), shipping priced with its VAT, the payment provider chosen, and the confirmation e-mail written to the
/// outbox in the same commit. Retried with the same Idempotency-Key and body it answers the same order; with another
/// body it is refused.
/// </summary>
public static class PlaceOrder
{
    /// <summary>A one-step checkout without a cart.</summary>
    public static async Task<Result<OrderResponse>> Handle(PlaceOrderRequest request, string? key, string? customerId, string? caller, PaymentProviders payments, CartBook book, RolloutDb db, CancellationToken ct)
    {
        var data = await book.Data(db, ct);
        var now = book.Clock.Now();
        return await Idempotency.Run(db, "order", Idempotency.Caller(caller, request), key, request, now, async claim =>
        {
            var draft = Prepare(request, customerId, payments, data, now);
            if (!draft.IsSuccess)
            {
                return draft.Error;
            }

            if (KnownSoldOut(draft.Value, new Dictionary<Sku, Held>(), book.SoldOut, now) is { } known)
            {
                return known;
            }

            var response = draft.Value.Order.ToResponse();
            var placed = await book.Writer.Write<OrderResponse>(async batch =>
            {
                await batch.Savepoint(); // The units are taken before the key's answer is stored, which may be refused.
                if (await Sell(batch, draft.Value, new Dictionary<Sku, Held>(), book.SoldOut, book.UnitsLeft, now) is { } soldOut)
                {
                    return soldOut;
                }

                if (!await claim.Complete(batch, response))
                {
                    return IdempotencyClaim.TakenOver;
                }

                await draft.Value.AddTo(batch);
                return response;
            });
            if (placed.IsSuccess)
            {
                book.Awaiting.Add(draft.Value.Order);
            }

            return placed;
        }, ct);
    }

    /// <summary>
    /// Everything checked and priced, and the order made, before any unit is taken; its lines learn where their units
    /// come from when they are sold.
    /// </summary>
    internal sealed record Draft(Market Market, Channel Channel, Order Order, OutboxMessage Mail, IReadOnlyList<Slug> Locations)
    {
        /// <summary>Adds the order and its confirmation to the batch, once nothing can fail any more.</summary>
        public async Task AddTo(Batch batch)
        {
            await OrderRows.Insert(batch, Order);
            await Mail.Enqueue(batch);
        }
    }

    /// <summary>Checks the request against the rules of selling and prices it, touching no stock.</summary>
    internal static Result<Draft> Prepare(PlaceOrderRequest request, string? customerId, PaymentProviders payments, SellingData data, Instant now, SalePrice? sale = null)
    {
        var validator = new Validator();
        var market = validator.Field("market", data.Market(request.Market));
        var channel = validator.Field("channel", data.Channel(request.Channel));
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
        var shipping = Shipping(request, market, provider!, data, validator);
        var priced = new List<OrderLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var field = $"lines[{i}]";
            var variant = validator.Field($"{field}.sku", data.Variant(lines[i].Sku));
            validator.Require(lines[i].Quantity is >= 1 and <= 10, $"{field}.quantity", "Buy 1 to 10 of a variant.");
            validator.Require(lines.Take(i).All(l => !string.Equals(l.Sku, lines[i].Sku, StringComparison.OrdinalIgnoreCase)), $"{field}.sku", "Each variant once; give the quantity instead.");
            if (variant is null || !validator.IsValid)
            {
                continue;
            }

            var offer = Selling.Find(variant, market, channel, now, data);
            if (!offer.IsSuccess)
            {
                validator.Add(offer.Error.Rename("sku", $"{field}.sku"));
                continue;
            }

            var quantity = lines[i].Quantity!.Value;
            var price = offer.Value.Price;
            var unit = sale is { } special && special.Sku == variant.Sku ? special.Amount : price.Amount;
            var breakdown = PriceBreakdown.Of(unit * quantity, price.Basis, market.VatRate);
            priced.Add(new OrderLine(variant.Sku, quantity, unit.MinorUnits, market.VatRate.Value, breakdown.Net.MinorUnits, breakdown.Vat.MinorUnits, breakdown.Gross.MinorUnits, default, null, data.Name(variant.Sku)));
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

        // Lines in SKU order: two baskets holding the same variants then lock their rows in the same order (no deadlock on PostgreSQL).
        priced.Sort((a, b) => string.CompareOrdinal(a.Sku.Value, b.Sku.Value));
        var (method, cost, address, store) = shipping!.Value;
        var order = Order.Place(new OrderTerms(market.Code, channel.Code, market.Currency, request.Email!, customerId, priced,
            method.Code, method.Name, cost.Net.MinorUnits, cost.Vat.MinorUnits, cost.Gross.MinorUnits, address, store?.Code, provider!.Code), now);
        var storeName = store is null ? null : store.Address is { } at ? $"{store.Name} ({at.Street}, {at.City})" : store.Name;
        order.Instruct(provider.Instructions(order, market, storeName), provider.ConfirmedBy);
        return new Draft(market, channel, order, OrderMail.Confirmation(order, market, order.PaymentInstructions, now), data.LocationsServing(market.Code));
    }

    /// <summary>
    /// Takes the units of every line (a line the buyer holds turns its hold into the sale); sold out when a line has
    /// none left, and then nothing of it stays taken. Null when every line is sold.
    /// </summary>
    internal static async Task<Error?> Sell(Batch batch, Draft draft, IReadOnlyDictionary<Sku, Held> holds, SoldOutMemo soldOut, UnitsLeft left, Instant now)
    {
        var version = soldOut.Version;
        var lines = draft.Order.Lines;
        if (lines.Count > 1)
        {
            await batch.Savepoint(); // A later line sold out gives back the earlier lines' units.
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var hold = holds.GetValueOrDefault(line.Sku);
            if (await StockHolds.Sell(batch, hold, line.Sku, draft.Locations, draft.Channel.Code, line.Quantity, now, left) is not var (location, allocation))
            {
                if (hold is null && line.Quantity == 1)
                {
                    await soldOut.Note(batch, line.Sku, draft.Channel.Code, draft.Market.Code, version);
                }

                return OpenCart.SoldOut(line.Sku, draft.Market.Code);
            }

            draft.Order.TakenFrom(i, location, allocation);
        }

        return null;
    }

    /// <summary>Sold out, from memory, when a line the buyer does not hold is of a variant known to have none left.</summary>
    internal static Error? KnownSoldOut(Draft draft, IReadOnlyDictionary<Sku, Held> holds, SoldOutMemo soldOut, Instant now) =>
        draft.Order.Lines.FirstOrDefault(l => !holds.ContainsKey(l.Sku) && soldOut.Knows(l.Sku, draft.Channel.Code, draft.Market.Code, now)) is { } gone
            ? OpenCart.SoldOut(gone.Sku, draft.Market.Code)
            : null;

    /// <summary>The shipping method of the market, with where it goes: an address in the market, or a physical store of it.</summary>
    private static (ShippingMethod Method, PriceBreakdown Price, ShippingAddress? Address, Channel? Store)? Shipping(
        PlaceOrderRequest request, Market market, IPaymentProvider payment, SellingData data, Validator validator)
    {
        if (Selling.Shipping(market, request.Shipping, request.PickupStore, "shipping", validator, data) is not var (method, store))
        {
            return null;
        }

        var address = method.Kind == ShippingKind.Delivery ? Selling.Address(request.Address, market, validator) : null;
        validator.Require(!payment.PickupOnly || method.Kind == ShippingKind.Pickup, "payment", $"'{payment.Code}' is only for orders collected at a store.");
        return (method, method.Breakdown(market), address, store);
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
