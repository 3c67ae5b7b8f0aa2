using Rollout.Catalog;

namespace Rollout.Orders;

public sealed record CartLine(Sku Sku, int Quantity);

/// <summary>
/// A shopper's cart, in one market and one channel. Its lines are what the shopper wants; the units they hold are
/// reservations held in the cart's name, so checking out twice, or coming back to the cart, never blocks its owner.
/// </summary>
public sealed class Cart
{
    private Cart()
    {
    }

    public Guid Id { get; private set; }

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    public List<CartLine> Lines { get; private set; } = [];

    public Guid? OrderId { get; private set; }

    public Instant CreatedAt { get; private set; }

    public string Holder => $"cart:{Id:N}";

    public static Cart Open(CountryCode market, Slug channel, Instant now) =>
        new() { Id = Guid.NewGuid(), Market = market, Channel = channel, CreatedAt = now };

    public void Set(Sku sku, int quantity)
    {
        Lines = [.. Lines.Where(l => l.Sku != sku)];
        if (quantity > 0)
        {
            Lines.Add(new CartLine(sku, quantity));
        }
    }
}
