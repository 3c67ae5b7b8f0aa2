using Rollout.Catalog;

namespace Rollout.Orders;

public sealed record CartLine(Sku Sku, int Quantity);

/// <summary>
/// A shopper's cart, in one market and one channel. Its lines are what the shopper wants; the units they hold are
/// reservations held in the cart's name, so checking out twice, or coming back to the cart, never blocks its owner.
/// A guest's cart is reached by its id alone; a customer's only by that customer.
/// </summary>
public sealed class Cart
{
    private Cart()
    {
    }

    public Guid Id { get; private set; }

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    /// <summary>The customer account it belongs to; null for a guest's cart.</summary>
    public string? CustomerId { get; private set; }

    public string? Email { get; private set; }

    public List<CartLine> Lines { get; private set; } = [];

    public ShippingAddress? Address { get; private set; }

    public Slug? ShippingMethod { get; private set; }

    public Slug? PickupStore { get; private set; }

    public Guid? OrderId { get; private set; }

    public Instant CreatedAt { get; private set; }

    /// <summary>
    /// How many times the cart was changed: every write claims the next version from the one it read, so a server whose
    /// copy is behind (another server changed the cart) is refused and reads it again (see <see cref="CartBook"/>).
    /// </summary>
    public int Version { get; private set; }

    public string Holder => $"cart:{Id:N}";

    public static Cart Open(CountryCode market, Slug channel, string? customerId, string? email, Instant now) =>
        new() { Id = Guid.NewGuid(), Market = market, Channel = channel, CustomerId = customerId, Email = email, CreatedAt = now };

    /// <summary>Whether <paramref name="customerId"/> (null for a guest) may see and change this cart.</summary>
    public bool IsOpenTo(string? customerId) => CustomerId is null || CustomerId == customerId;

    public void Set(Sku sku, int quantity)
    {
        Lines = [.. Lines.Where(l => l.Sku != sku)];
        if (quantity > 0)
        {
            Lines.Add(new CartLine(sku, quantity));
        }
    }

    public void Deliver(string email, ShippingAddress? address) => (Email, Address) = (email, address);

    public void Ship(Slug method, Slug? pickupStore) => (ShippingMethod, PickupStore) = (method, pickupStore);

    public void Become(Guid order) => OrderId = order;

    public void Belong(string customerId) => CustomerId = customerId;

    /// <summary>
    /// A copy to change and write, as the next version; the cart in memory is replaced by it once the write is committed.
    /// </summary>
    public Cart Copy()
    {
        var copy = (Cart)MemberwiseClone();
        copy.Lines = [.. Lines];
        copy.Version = Version + 1;
        return copy;
    }
}
