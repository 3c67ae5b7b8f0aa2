using Rollout.Catalog;

namespace Rollout.Inventory;

/// <summary>
/// Units of a location ring-fenced for one channel (a store, a partner, a launch): the channel sells from them
/// alone, and sold + reserved ≤ quantity always holds.
/// </summary>
public sealed class Allocation
{
    private Allocation()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Location { get; private set; }

    public Slug Channel { get; private set; }

    public int Quantity { get; private set; }

    public int Reserved { get; private set; }

    public int Sold { get; private set; }

    public int Available => Quantity - Reserved - Sold;
}

/// <summary>Where a reservation stands; only a held one can be released, expire or become a sale.</summary>
public enum ReservationStatus
{
    Held,
    Released,
    Expired,
    Sold,
}

/// <summary>Units a cart or checkout holds until a deadline, from a channel's allocation or from the pool.</summary>
public sealed class Reservation
{
    private Reservation()
    {
    }

    public Guid Id { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Location { get; private set; }

    public Slug Channel { get; private set; }

    /// <summary>The allocation the units come from; null when they come from the unallocated pool.</summary>
    public long? AllocationId { get; private set; }

    /// <summary>Who holds them (a cart); the same holder reuses its hold instead of blocking itself.</summary>
    public string Holder { get; private set; } = "";

    public int Quantity { get; private set; }

    public ReservationStatus Status { get; private set; }

    public Instant CreatedAt { get; private set; }

    public Instant ExpiresAt { get; private set; }

    public static Reservation Hold(Sku sku, Slug location, Slug channel, long? allocation, string holder, int quantity, Instant now, Instant expiresAt) => new()
    {
        Id = Guid.NewGuid(),
        Sku = sku,
        Location = location,
        Channel = channel,
        AllocationId = allocation,
        Holder = holder,
        Quantity = quantity,
        Status = ReservationStatus.Held,
        CreatedAt = now,
        ExpiresAt = expiresAt,
    };
}
