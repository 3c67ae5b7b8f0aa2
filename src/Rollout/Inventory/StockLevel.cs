using Rollout.Catalog;

namespace Rollout.Inventory;

/// <summary>
/// Units of one variant at one location: on hand (always the sum of the ledger) and ring-fenced (allocated).
/// It only changes through a conditional update that keeps on hand ≥ allocated ≥ 0, so no interleaving of
/// writers can take it below zero (see docs/decisions/0006-inventory.md).
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
