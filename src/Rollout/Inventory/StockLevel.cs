using Rollout.Catalog;

namespace Rollout.Inventory;

/// <summary>
/// Units of one variant at one location: on hand (always the sum of the ledger), ring-fenced for channels
/// (allocated), and held or sold from the unallocated pool. It only changes through conditional updates that keep
/// allocated + pool reserved + pool sold ≤ on hand, so no interleaving of writers oversells
/// (see docs/decisions/0006-inventory.md).
/// </summary>
public sealed class StockLevel
{
    private StockLevel()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Location { get; private set; }

    public int OnHand { get; private set; }

    public int Allocated { get; private set; }

    /// <summary>Units of the unallocated pool held by carts and checkouts.</summary>
    public int PoolReserved { get; private set; }

    /// <summary>Units of the unallocated pool sold and not yet shipped.</summary>
    public int PoolSold { get; private set; }

    public int Available => OnHand - Allocated - PoolReserved - PoolSold;

    public static StockLevel Empty(Sku sku, Slug location) => new() { Sku = sku, Location = location };
}

/// <summary>Why stock moved.</summary>
public enum MovementKind
{
    Receipt,
    Shipment,
    Adjustment,
    Return,
    TransferOut,
    TransferIn,
}

/// <summary>One line of the append-only stock ledger: never changed, never deleted.</summary>
public sealed class StockMovement
{
    private StockMovement()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Location { get; private set; }

    public int Quantity { get; private set; }

    public MovementKind Kind { get; private set; }

    public string Reason { get; private set; } = "";

    public string By { get; private set; } = "";

    public Instant At { get; private set; }

    public static StockMovement Of(Sku sku, Slug location, int quantity, MovementKind kind, string reason, string by, Instant at) =>
        new() { Sku = sku, Location = location, Quantity = quantity, Kind = kind, Reason = reason, By = by, At = at };
}
