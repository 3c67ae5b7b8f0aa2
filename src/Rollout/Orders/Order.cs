using Rollout.Catalog;

namespace Rollout.Orders;

/// <summary>Where an order stands: placed → paid → allocated → shipped → delivered; cancelled before shipping.</summary>
public enum OrderStatus
{
    Placed,
    Paid,
    Allocated,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>One step of an order's life: from, to, who, when, and a note (the carrier, the reason).</summary>
public sealed record OrderTransition(OrderStatus From, OrderStatus To, string By, Instant At, string Note);

/// <summary>One line of an order, priced when it was placed: the unit price as shown, the VAT and the line total.</summary>
public sealed record OrderLine(Sku Sku, int Quantity, long UnitMinorUnits, decimal VatRate, long NetMinorUnits, long VatMinorUnits, long TotalMinorUnits, Slug Location, long? AllocationId);

/// <summary>An order: in one market and one currency, its lines and totals exact to the minor unit.</summary>
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

    public OrderStatus Status { get; private set; }

    public List<OrderLine> Lines { get; private set; } = [];

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

    public Instant? WithdrawalDeadline(bool euMarket) => euMarket && DeliveredAt is { } delivered ? delivered + WithdrawalPeriod : null;

    public Result<Order> Pay(string by, Instant now, string note) => Move(OrderStatus.Placed, OrderStatus.Paid, by, now, note);

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
    public Result<Order> Cancel(string by, Instant now, string reason) =>
        Status is OrderStatus.Placed or OrderStatus.Paid or OrderStatus.Allocated
            ? Move(Status, OrderStatus.Cancelled, by, now, reason)
            : Error.Conflict("order.not_cancellable", $"Order {Number} is {Status.ToString().ToLowerInvariant()}; only an order not yet shipped can be cancelled (a delivered one can be withdrawn from).");

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

    public static Order Place(CountryCode market, Slug channel, CurrencyCode currency, string email, IReadOnlyList<OrderLine> lines, Instant now)
    {
        var id = Guid.NewGuid();
        return new Order
        {
            Id = id,
            Number = $"{market}-{id.ToString("N")[..10].ToUpperInvariant()}",
            Market = market,
            Channel = channel,
            Currency = currency,
            Email = email,
            Status = OrderStatus.Placed,
            Lines = [.. lines],
            NetMinorUnits = lines.Sum(l => l.NetMinorUnits),
            VatMinorUnits = lines.Sum(l => l.VatMinorUnits),
            TotalMinorUnits = lines.Sum(l => l.TotalMinorUnits),
            PlacedAt = now,
            Transitions = [new OrderTransition(OrderStatus.Placed, OrderStatus.Placed, email, now, "placed")],
        };
    }
}

/// <summary>
/// The first answer to a write a client may retry, by its Idempotency-Key: the same key and body gets that answer
/// again; the same key with another body is refused.
/// </summary>
public sealed class IdempotentRequest
{
    private IdempotentRequest()
    {
    }

    public string Key { get; private set; } = "";

    public string RequestHash { get; private set; } = "";

    public Guid? OrderId { get; private set; }

    public Instant CreatedAt { get; private set; }

    public static IdempotentRequest Start(string key, string hash, Instant now) => new() { Key = key, RequestHash = hash, CreatedAt = now };

    public void Complete(Guid orderId) => OrderId = orderId;
}
