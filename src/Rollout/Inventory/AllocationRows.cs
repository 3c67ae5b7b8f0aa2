using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// The one place that writes the allocations table: every statement that changes an allocation's counters, each a
/// single conditional update that applies only while <see cref="Fits"/> holds, so no interleaving of writers (in this
/// process or another server) sells a unit twice. Table and columns come from EF Core's mapping
/// (<see cref="MappedTable{T}"/>); the table's check constraint (<c>CK_allocations_never_oversold</c>) refuses the same
/// breach whatever runs against the database. Callers outside a group commit wrap their context in a <see cref="Batch"/>.
/// </summary>
public static class AllocationRows
{
    /// <summary>The rule, stated once: units held and sold, plus <paramref name="amount"/> more, fit in the units allocated.</summary>
    private static string Fits(MappedTable<Allocation> t, string amount) =>
        $"{t[nameof(Allocation.Quantity)]} >= {t[nameof(Allocation.Reserved)]} + {t[nameof(Allocation.Sold)]} + {amount}";

    /// <summary>The allocation of a channel at a location exists (with nothing in it, when new), without a race.</summary>
    public static Task Ensure(Batch batch, Sku sku, Slug location, Slug channel) =>
        batch.Execute(
            Sql(batch, nameof(Ensure), static t =>
                $"INSERT INTO {t.Table} ({Key(t)}, {t[nameof(Allocation.Quantity)]}, {t[nameof(Allocation.Reserved)]}, {t[nameof(Allocation.Sold)]}) VALUES (@p0, @p1, @p2, 0, 0, 0) ON CONFLICT ({Key(t)}) DO NOTHING"),
            sku.Value, location.Value, channel.Value);

    /// <summary>Adds units to an allocation (the level has ring-fenced them already).</summary>
    public static Task Grow(Batch batch, Sku sku, Slug location, Slug channel, int quantity) =>
        batch.Execute(
            Sql(batch, nameof(Grow), static t => $"UPDATE {t.Table} SET {Add(t, nameof(Allocation.Quantity), "@p3")} WHERE {ByKey(t)}"),
            sku.Value, location.Value, channel.Value, quantity);

    /// <summary>Takes units out of an allocation, only while what is held and sold still fits; false when it would not.</summary>
    public static async Task<bool> Shrink(Batch batch, Sku sku, Slug location, Slug channel, int quantity) =>
        await batch.Execute(
            Sql(batch, nameof(Shrink), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(Allocation.Quantity), "@p3")} WHERE {ByKey(t)} AND {Fits(t, "@p3")}"),
            sku.Value, location.Value, channel.Value, quantity) == 1;

    /// <summary>
    /// Holds (or, <paramref name="sold"/>, sells) units of a channel's non-empty allocation at a location while they
    /// fit: the allocation's id, or null when it has too few (or the channel has none there).
    /// </summary>
    public static async Task<long?> Take(Batch batch, Sku sku, Slug location, Slug channel, int quantity, bool sold) =>
        await batch.Scalar(
            sold
                ? Sql(batch, "TakeSold", static t => Taking(t, nameof(Allocation.Sold)))
                : Sql(batch, "TakeReserved", static t => Taking(t, nameof(Allocation.Reserved))),
            sku.Value, location.Value, channel.Value, quantity) is { } id
            ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// Holds one more unit of an allocation for a flash sale's claim, guessed to apply (checked with the batch's later
    /// statements, joined per allocation; a miss runs the batch again without guessing). The rows it changed.
    /// </summary>
    public static Task<int> HoldGuessed(Batch batch, long allocation, int quantity) =>
        batch.LaterAdd(1, guessed: true, Sql(batch, nameof(HoldGuessed), static t => $"UPDATE {t.Table} SET {Add(t, nameof(Allocation.Reserved), "@p1")} WHERE {ById(t)} AND {Fits(t, "@p1")}"), allocation, quantity);

    /// <summary>
    /// Moves units into (or, negative, out of) an allocation's holds, at once and only while they fit and the holds
    /// stay at or above zero; false when they would not.
    /// </summary>
    public static async Task<bool> MoveHeld(Batch batch, long allocation, int delta) =>
        await batch.Execute(
            Sql(batch, nameof(MoveHeld), static t => $"UPDATE {t.Table} SET {Add(t, nameof(Allocation.Reserved), "@p1")} WHERE {ById(t)} AND {Fits(t, "@p1")} AND {t[nameof(Allocation.Reserved)]} + @p1 >= 0"),
            allocation, delta) == 1;

    /// <summary>Held units become sold (they were counted already, so no one's check depends on this moving now): with the later statements.</summary>
    public static Task HeldToSold(Batch batch, long allocation, int quantity) =>
        batch.LaterAdd(1, guessed: false, Sql(batch, nameof(HeldToSold), static t =>
                $"UPDATE {t.Table} SET {Subtract(t, nameof(Allocation.Reserved), "@p1")}, {Add(t, nameof(Allocation.Sold), "@p1")} WHERE {ById(t)}"),
            allocation, quantity);

    /// <summary>Sells units of an allocation at once, only while they fit (a partner's purchase order); false when too few are left.</summary>
    public static async Task<bool> Sell(Batch batch, long allocation, int quantity) =>
        await batch.Execute(
            Sql(batch, nameof(Sell), static t => $"UPDATE {t.Table} SET {Add(t, nameof(Allocation.Sold), "@p1")} WHERE {ById(t)} AND {Fits(t, "@p1")}"),
            allocation, quantity) == 1;

    /// <summary>
    /// Units sold but never shipped (a cancelled order, an unpaid claim) go back on sale, at once; the check constraint
    /// refuses (throws) if that would take the sold count below zero.
    /// </summary>
    public static Task Unsell(Batch batch, long allocation, int quantity) =>
        batch.Execute(Sql(batch, nameof(Unsell), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(Allocation.Sold), "@p1")} WHERE {ById(t)}"), allocation, quantity);

    /// <summary>Held units go back (a flash-sale claim ran out), at once; the check constraint refuses (throws) a hold count below zero.</summary>
    public static Task Release(Batch batch, long allocation, int quantity) =>
        batch.Execute(Sql(batch, nameof(Release), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(Allocation.Reserved), "@p1")} WHERE {ById(t)}"), allocation, quantity);

    /// <summary>Sold units leave: out of the allocation's units and its sold count alike.</summary>
    public static Task Ship(Batch batch, long allocation, int quantity) =>
        batch.Execute(
            Sql(batch, nameof(Ship), static t => $"UPDATE {t.Table} SET {Subtract(t, nameof(Allocation.Quantity), "@p1")}, {Subtract(t, nameof(Allocation.Sold), "@p1")} WHERE {ById(t)}"),
            allocation, quantity);

    private static string Taking(MappedTable<Allocation> t, string column) =>
        $"UPDATE {t.Table} SET {Add(t, column, "@p3")} WHERE {ByKey(t)} AND {t[nameof(Allocation.Quantity)]} > 0 AND {Fits(t, "@p3")} RETURNING {t[nameof(Allocation.Id)]}";

    private static string Sql(Batch batch, string name, Func<MappedTable<Allocation>, string> build) => MappedTable<Allocation>.Of(batch).Sql(name, build);

    private static string Add(MappedTable<Allocation> t, string property, string amount) => $"{t[property]} = {t[property]} + {amount}";

    private static string Subtract(MappedTable<Allocation> t, string property, string amount) => $"{t[property]} = {t[property]} - {amount}";

    private static string Key(MappedTable<Allocation> t) => $"{t[nameof(Allocation.Sku)]}, {t[nameof(Allocation.Location)]}, {t[nameof(Allocation.Channel)]}";

    private static string ByKey(MappedTable<Allocation> t) => $"{t[nameof(Allocation.Sku)]} = @p0 AND {t[nameof(Allocation.Location)]} = @p1 AND {t[nameof(Allocation.Channel)]} = @p2";

    private static string ById(MappedTable<Allocation> t) => $"{t[nameof(Allocation.Id)]} = @p0";
}
