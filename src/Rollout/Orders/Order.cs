using Rollout.Catalog;

namespace Rollout.Orders;

/// <summary>Where an order stands: placed → paid → allocated → shipped → delivered; cancelled before shipping; refunded in whole.</summary>
public enum OrderStatus
{
    Placed,
    Paid,
    Allocated,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

/// <summary>One step of an order's life: from, to, who, when, and a note (the carrier, the reason).</summary>
public sealed record OrderTransition(OrderStatus From, OrderStatus To, string By, Instant At, string Note);

/// <summary>One line of an order, priced when it was placed: the unit price as shown, the VAT and the line total.</summary>
public sealed record OrderLine(Sku Sku, int Quantity, long UnitMinorUnits, decimal VatRate, long NetMinorUnits, long VatMinorUnits, long TotalMinorUnits, Slug Location, long? AllocationId, string? Name = null);

/// <summary>Where a parcel goes. The country is the order's market: a shop in Spain ships to Spain.</summary>
public sealed record ShippingAddress(string Name, string Line1, string? Line2, string PostalCode, string City, CountryCode Country);

/// <summary>Money given back: how much, why, who and when.</summary>
public sealed record OrderRefund(long MinorUnits, string Reason, string By, Instant At);

/// <summary>What checkout decided: everything an order is made of.</summary>
public sealed record OrderTerms(
    CountryCode Market,
    Slug Channel,
    CurrencyCode Currency,
    string Email,
    string? CustomerId,
    IReadOnlyList<OrderLine> Lines,
    Slug ShippingMethod,
    string ShippingName,
    long ShippingNetMinorUnits,
    long ShippingVatMinorUnits,
    long ShippingTotalMinorUnits,
    ShippingAddress? Address,
    Slug? PickupStore,
    string Payment);

/// <summary>An order: in one market and one currency, its lines, shipping and totals exact to the minor unit.</summary>
public sealed class Order
{
    private Order()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    public CurrencyCode Currency { get; private set; }

    public string Email { get; private set; } = "";

    /// <summary>The customer account that placed it; null for a guest.</summary>
    public string? CustomerId { get; private set; }

    public OrderStatus Status { get; private set; }

    public List<OrderLine> Lines { get; private set; } = [];

    public Slug ShippingMethod { get; private set; }

    public string ShippingName { get; private set; } = "";

    public long ShippingNetMinorUnits { get; private set; }

    public long ShippingVatMinorUnits { get; private set; }

    public long ShippingTotalMinorUnits { get; private set; }

    public ShippingAddress? Address { get; private set; }

    /// <summary>The physical store the buyer collects from, for a pickup.</summary>
    public Slug? PickupStore { get; private set; }

    /// <summary>The payment provider's code (card, bank-transfer, pay-at-store).</summary>
    public string Payment { get; private set; } = "";

    /// <summary>What the payment provider quotes back when it confirms: unique per order.</summary>
    public string PaymentReference { get; private set; } = "";

    /// <summary>What the buyer was told to do to pay, when the order was placed.</summary>
    public string PaymentInstructions { get; private set; } = "";

    /// <summary>Who confirms the payment: staff, or the provider's signed webhook.</summary>
    public PaymentConfirmation PaymentConfirmedBy { get; private set; }

    public Instant? PaidAt { get; private set; }

    public long RefundedMinorUnits { get; private set; }

    public List<OrderRefund> Refunds { get; private set; } = [];

    /// <summary>What the buyer pays: lines and shipping, with VAT.</summary>
    public Money Total => Money.FromMinorUnits(TotalMinorUnits, Currency);

    /// <summary>Lines plus shipping, before VAT.</summary>
    public long NetMinorUnits { get; private set; }

    public long VatMinorUnits { get; private set; }

    public long TotalMinorUnits { get; private set; }

    public Instant PlacedAt { get; private set; }

    public List<OrderTransition> Transitions { get; private set; } = [];

    public string? Carrier { get; private set; }

    public string? TrackingNumber { get; private set; }

    public Instant? DeliveredAt { get; private set; }

    public Instant? WithdrawalRequestedAt { get; private set; }

    /// <summary>Concurrency token: two staff moving the same order at once cannot both succeed.</summary>
    public int Version { get; private set; }

    /// <summary>The EU right of withdrawal: 14 days from delivery (Directive 2011/83/EU art. 9).</summary>
    public static readonly Duration WithdrawalPeriod = Duration.FromDays(14);

    /// <summary>
    /// The buyer asked to be forgotten: their e-mail and postal address are replaced, wherever the order kept them;
    /// what tax law keeps (what was sold, for how much, with which VAT, when, in which country) stays.
    /// </summary>
    internal void Erase(string placeholder)
    {
        var email = Email;
        Email = placeholder;
        if (Address is { } address)
        {
            Address = address with { Name = "erased", Line1 = "erased", Line2 = null, PostalCode = "erased", City = "erased" };
        }

        Transitions = [.. Transitions.Select(t => t.By == email ? t with { By = placeholder } : t)];
        Version++;
    }

    /// <summary>Whether a viewer may see the order: staff (null) always, a customer their own, anyone a guest order by its id.</summary>
    public bool IsOpenTo(string? viewer) => viewer is null || CustomerId is null || CustomerId == viewer;

    public Instant? WithdrawalDeadline(bool euMarket) => euMarket && DeliveredAt is { } delivered ? delivered + WithdrawalPeriod : null;

    public Result<Order> Pay(string by, Instant now, string note)
    {
        var moved = Move(OrderStatus.Placed, OrderStatus.Paid, by, now, note);
        if (moved.IsSuccess)
        {
            PaidAt = now;
        }

        return moved;
    }

    /// <summary>
    /// Gives money back, in whole or in part, of what was paid and not yet refunded. A whole refund ends the order as
    /// refunded (a cancelled order stays cancelled); a partial one is recorded beside its status.
    /// </summary>
    public Result<Order> Refund(long minorUnits, string reason, string by, Instant now)
    {
        if (PaidAt is null)
        {
            return Error.Conflict("refund.not_paid", $"Order {Number} has not been paid; there is nothing to refund.");
        }

        var refundable = TotalMinorUnits - RefundedMinorUnits;
        if (minorUnits <= 0 || minorUnits > refundable)
        {
            return Error.Invalid("amount", "refund.amount", $"Refund more than 0 and at most {Money.FromMinorUnits(refundable, Currency)} (paid {Total}, refunded {Money.FromMinorUnits(RefundedMinorUnits, Currency)}).");
        }

        if ((Status is OrderStatus.Paid or OrderStatus.Allocated) && minorUnits == refundable)
        {
            return Error.Conflict("refund.cancel_instead", $"Order {Number} has not shipped: cancel it instead, which puts its units back on sale and refunds it in whole.");
        }

        Refunds.Add(new OrderRefund(minorUnits, reason, by, now));
        RefundedMinorUnits += minorUnits;
        var whole = RefundedMinorUnits == TotalMinorUnits;
        var to = whole && Status != OrderStatus.Cancelled ? OrderStatus.Refunded : Status;
        Transitions.Add(new OrderTransition(Status, to, by, now, $"refunded {Money.FromMinorUnits(minorUnits, Currency)}: {reason}"));
        Status = to;
        Version++;
        return this;
    }

    public Result<Order> Allocate(string by, Instant now) => Move(OrderStatus.Paid, OrderStatus.Allocated, by, now, "picked");

    public Result<Order> Ship(string carrier, string tracking, string by, Instant now)
    {
        var moved = Move(OrderStatus.Allocated, OrderStatus.Shipped, by, now, $"{carrier} {tracking}");
        if (moved.IsSuccess)
        {
            (Carrier, TrackingNumber) = (carrier, tracking);
        }

        return moved;
    }

    public Result<Order> Deliver(string by, Instant now)
    {
        var moved = Move(OrderStatus.Shipped, OrderStatus.Delivered, by, now, "");
        if (moved.IsSuccess)
        {
            DeliveredAt = now;
        }

        return moved;
    }

    /// <summary>Cancels an order that has not left the warehouse; the caller gives its units back.</summary>
    public Result<Order> Cancel(string by, Instant now, string reason)
    {
        if (Status is not (OrderStatus.Placed or OrderStatus.Paid or OrderStatus.Allocated))
        {
            return Error.Conflict("order.not_cancellable", $"Order {Number} is {Status.ToString().ToLowerInvariant()}; only an order not yet shipped can be cancelled (a delivered one can be withdrawn from).");
        }

        Move(Status, OrderStatus.Cancelled, by, now, reason);
        var unrefunded = TotalMinorUnits - RefundedMinorUnits;
        return PaidAt is null || unrefunded == 0 ? this : Refund(unrefunded, $"cancelled: {reason}", by, now);
    }

    /// <summary>Accepts the buyer's withdrawal inside the EU window, counted from delivery; refuses it after.</summary>
    public Result<Order> RequestWithdrawal(bool euMarket, Instant now)
    {
        if (WithdrawalDeadline(euMarket) is not { } deadline)
        {
            return Error.Conflict("withdrawal.not_applicable", euMarket
                ? $"Order {Number} has not been delivered; cancel it instead."
                : "The 14-day right of withdrawal is EU law; it does not apply in this market.");
        }

        if (now > deadline)
        {
            return Error.Conflict("withdrawal.too_late", $"The 14 days to withdraw from order {Number} ended at {deadline}.");
        }

        if (WithdrawalRequestedAt is not null)
        {
            return Error.Conflict("withdrawal.already", $"A withdrawal from order {Number} was already received.");
        }

        WithdrawalRequestedAt = now;
        Transitions.Add(new OrderTransition(Status, Status, "buyer", now, "withdrawal requested"));
        Version++;
        return this;
    }

    public void Instruct(string instructions, PaymentConfirmation confirmedBy) => (PaymentInstructions, PaymentConfirmedBy) = (instructions, confirmedBy);

    /// <summary>Records something that happened to the order without moving it (a failed payment attempt).</summary>
    public void Note(string by, Instant now, string note)
    {
        Transitions.Add(new OrderTransition(Status, Status, by, now, note));
        Version++;
    }

    private Result<Order> Move(OrderStatus from, OrderStatus to, string by, Instant now, string note)
    {
        if (Status != from)
        {
            return Error.Conflict("order.transition", $"Order {Number} is {Status.ToString().ToLowerInvariant()}; it can only become {to.ToString().ToLowerInvariant()} from {from.ToString().ToLowerInvariant()}.");
        }

        Transitions.Add(new OrderTransition(from, to, by, now, note));
        Status = to;
        Version++;
        return this;
    }

    /// <summary>Records where a line's units were taken from (known once the stock is taken, in the order's own transaction).</summary>
    public void TakenFrom(int line, Slug location, long? allocation) => Lines[line] = Lines[line] with { Location = location, AllocationId = allocation };

    public static Order Place(OrderTerms terms, Instant now)
    {
        var id = Guid.NewGuid();
        return new Order
        {
            Id = id,
            Number = $"{terms.Market}-{id.ToString("N")[..10].ToUpperInvariant()}",
            Market = terms.Market,
            Channel = terms.Channel,
            Currency = terms.Currency,
            Email = terms.Email,
            CustomerId = terms.CustomerId,
            Status = OrderStatus.Placed,
            Lines = [.. terms.Lines],
            ShippingMethod = terms.ShippingMethod,
            ShippingName = terms.ShippingName,
            ShippingNetMinorUnits = terms.ShippingNetMinorUnits,
            ShippingVatMinorUnits = terms.ShippingVatMinorUnits,
            ShippingTotalMinorUnits = terms.ShippingTotalMinorUnits,
            Address = terms.Address,
            PickupStore = terms.PickupStore,
            Payment = terms.Payment,
            PaymentReference = $"pay_{Guid.NewGuid():N}",
            NetMinorUnits = terms.Lines.Sum(l => l.NetMinorUnits) + terms.ShippingNetMinorUnits,
            VatMinorUnits = terms.Lines.Sum(l => l.VatMinorUnits) + terms.ShippingVatMinorUnits,
            TotalMinorUnits = terms.Lines.Sum(l => l.TotalMinorUnits) + terms.ShippingTotalMinorUnits,
            PlacedAt = now,
            Transitions = [new OrderTransition(OrderStatus.Placed, OrderStatus.Placed, terms.Email, now, "placed")],
        };
    }
}
