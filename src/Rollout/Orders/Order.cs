using Rollout.Catalog;

namespace Rollout.Orders;

/// <summary>Where an order stands. (Paid, shipped, delivered, cancelled and refunded come with payments and shipping.)</summary>
public enum OrderStatus
{
    Placed,
}

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
