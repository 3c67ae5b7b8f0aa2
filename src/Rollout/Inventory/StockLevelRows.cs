using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// The one place that writes the stock_levels table: every statement that changes a level's counters, each a single
/// conditional update that applies only while <see cref="Fits"/> holds (on hand never below what is allocated, held
/// and sold from the pool), so no interleaving of writers oversells or takes stock below zero. Table and columns come
/// from EF Core's mapping (<see cref="MappedTable{T}"/>); the table's check constraint
/// (<c>CK_stock_levels_never_oversold</c>) refuses the same breach whatever runs against the database.
/// </summary>
public static class StockLevelRows
{
    /// <summary>The rule, stated once: what is allocated, held and sold from the pool, plus <paramref name="amount"/>, is on hand.</summary>
    private static string Fits(MappedTable<StockLevel> t, string amount) =>
        $"{t[nameof(StockLevel.OnHand)]} >= {t[nameof(StockLevel.Allocated)]} + {t[nameof(StockLevel.PoolReserved)]} + {t[nameof(StockLevel.PoolSold)]} + {amount}";

    /// <summary>The level of a variant at a location exists (empty, when new), without a race: two first receipts never both insert it.</summary>
    public static Task Ensure(Batch batch, Sku sku, Slug location) =>
        batch.Execute(
            Sql(batch, nameof(Ensure), static t =>
                $"""
                INSERT INTO {t.Table} ({t[nameof(StockLevel.Sku)]}, {t[nameof(StockLevel.Location)]}, {t[nameof(StockLevel.OnHand)]}, {t[nameof(StockLevel.Allocated)]}, {t[nameof(StockLevel.PoolReserved)]}, {t[nameof(StockLevel.PoolSold)]})
                VALUES (@p0, @p1, 0, 0, 0, 0) ON CONFLICT ({t[nameof(StockLevel.Sku)]}, {t[nameof(StockLevel.Location)]}) DO NOTHING
                """),
            sku.Value, location.Value);

    /// <summary>Puts units on (or, negative, takes them off) the shelf, only while what is spoken for stays on hand; false when it would not.</summary>
    public static async Task<bool> Count(Batch batch, Sku sku, Slug location, int quantity) =>
        await batch.Execute(
            Sql(batch, nameof(Count), static t => $"UPDATE {t.Table} SET {Add(t, nameof(StockLevel.OnHand), "@p2")} WHERE {ByKey(t)} AND {Fits(t, "0 - @p2")}"),
            sku.Value, location.Value, quantity) == 1;

    /// <summary>Ring-fences free units for an allocation, only while they are free; false when too few are.</summary>
    public static async Task<bool> Allocate(Batch batch, Sku sku, Slug location, int quantity) =>
        await batch.Execute(
            Sql(batch, nameof(Allocate), static t => $"UPDATE {t.Table} SET {Add(t, nameof(StockLevel.Allocated), "@p2")} WHERE {ByKey(t)} AND {Fits(t, "@p2")}"),
            sku.Value, location.Value, quantity) == 1;

    /// <summary>Units an allocation gave back are free again.</summary>
    public static Task Deallocate(Batch batch, Sku sku, Slug location, int quantity) =>
        batch.Execute(
            Sql(batch, nameof(Deallocate), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(StockLevel.Allocated), "@p2")} WHERE {ByKey(t)}"),
            sku.Value, location.Value, quantity);

    /// <summary>
    /// Holds (or, <paramref name="sold"/>, sells) units of the unallocated pool for a channel that has no allocation at
    /// the location, leaving <paramref name="pending"/> units for takes this batch guessed: the units left, or null when
    /// too few are (or the channel sells from an allocation there).
    /// </summary>
    public static async Task<int?> Take(Batch batch, Sku sku, Slug location, Slug channel, int quantity, int pending, bool sold) =>
        await batch.Scalar(Taking(batch, sold), sku.Value, location.Value, channel.Value, quantity, pending) is { } rest
            ? Convert.ToInt32(rest, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// <see cref="Take"/>, guessed to apply (the caller knows the pool has the units): run with the batch's later
    /// statements, joined per level; a miss runs the batch again without guessing.
    /// </summary>
    public static Task TakeGuessed(Batch batch, Sku sku, Slug location, Slug channel, int quantity, bool sold) =>
        batch.LaterAdd(3, guessed: true, Taking(batch, sold), sku.Value, location.Value, channel.Value, quantity, 0);

    /// <summary>Moves units into (or, negative, out of) the pool's holds, at once and only while they fit and stay at or above zero.</summary>
    public static async Task<bool> MoveHeld(Batch batch, Sku sku, Slug location, int delta) =>
        await batch.Execute(
            Sql(batch, nameof(MoveHeld), static t =>
                $"UPDATE {t.Table} SET {Add(t, nameof(StockLevel.PoolReserved), "@p2")} WHERE {ByKey(t)} AND {Fits(t, "@p2")} AND {t[nameof(StockLevel.PoolReserved)]} + @p2 >= 0"),
            sku.Value, location.Value, delta) == 1;

    /// <summary>Held units of the pool become sold (counted already): with the later statements.</summary>
    public static Task HeldToSold(Batch batch, Sku sku, Slug location, int quantity) =>
        batch.LaterAdd(2, guessed: false, Sql(batch, nameof(HeldToSold), static t =>
                $"UPDATE {t.Table} SET {Subtract(t, nameof(StockLevel.PoolReserved), "@p2")}, {Add(t, nameof(StockLevel.PoolSold), "@p2")} WHERE {ByKey(t)}"),
            sku.Value, location.Value, quantity);

    /// <summary>Units sold from the pool but never shipped go back on sale.</summary>
    public static Task Unsell(Batch batch, Sku sku, Slug location, int quantity) =>
        batch.Execute(
            Sql(batch, nameof(Unsell), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(StockLevel.PoolSold), "@p2")} WHERE {ByKey(t)}"),
            sku.Value, location.Value, quantity);

    /// <summary>Sold units leave the shelf: from an allocation's ring-fence, or from the pool's sold units.</summary>
    public static Task Ship(Batch batch, Sku sku, Slug location, bool allocated, int quantity) =>
        batch.Execute(
            allocated
                ? Sql(batch, "ShipAllocated", static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(StockLevel.OnHand), "@p2")}, {Subtract(t, nameof(StockLevel.Allocated), "@p2")} WHERE {ByKey(t)}")
                : Sql(batch, "ShipPool", static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(StockLevel.OnHand), "@p2")}, {Subtract(t, nameof(StockLevel.PoolSold), "@p2")} WHERE {ByKey(t)}"),
            sku.Value, location.Value, quantity);

    private static string Taking(Batch batch, bool sold) =>
        sold ? Sql(batch, "TakeSold", static t => Taking(t, nameof(StockLevel.PoolSold))) : Sql(batch, "TakeReserved", static t => Taking(t, nameof(StockLevel.PoolReserved)));

    private static string Taking(MappedTable<StockLevel> t, string column)
    {
        var a = MappedTable<Allocation>.Of(t.Model);
        return $"""
            UPDATE {t.Table} SET {Add(t, column, "@p3")}
            WHERE {ByKey(t)} AND {Fits(t, "@p3 + @p4")}
              AND NOT EXISTS (SELECT 1 FROM {a.Table} a WHERE a.{a[nameof(Allocation.Sku)]} = @p0 AND a.{a[nameof(Allocation.Location)]} = @p1 AND a.{a[nameof(Allocation.Channel)]} = @p2 AND a.{a[nameof(Allocation.Quantity)]} > 0)
            RETURNING {t[nameof(StockLevel.OnHand)]} - {t[nameof(StockLevel.Allocated)]} - {t[nameof(StockLevel.PoolReserved)]} - {t[nameof(StockLevel.PoolSold)]}
            """;
    }

    private static string Sql(Batch batch, string name, Func<MappedTable<StockLevel>, string> build) => MappedTable<StockLevel>.Of(batch).Sql(name, build);

    private static string Add(MappedTable<StockLevel> t, string property, string amount) => $"{t[property]} = {t[property]} + {amount}";

    private static string Subtract(MappedTable<StockLevel> t, string property, string amount) => $"{t[property]} = {t[property]} - {amount}";

    private static string ByKey(MappedTable<StockLevel> t) => $"{t[nameof(StockLevel.Sku)]} = @p0 AND {t[nameof(StockLevel.Location)]} = @p1";
}
