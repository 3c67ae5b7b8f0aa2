using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The one place that writes the flash_sales table: a sale is added through EF Core's mapping, and its counters and
/// stored draw move only through these statements. <see cref="Fits"/> is the rule the database holds a sale to: it
/// never counts more units claimed than it has. Table and columns come from the mapping (<see cref="MappedTable{T}"/>).
/// </summary>
public static class FlashSaleRows
{
    /// <summary>The rule, stated once: units claimed, plus <paramref name="amount"/> more, are at most the sale's units.</summary>
    private static string Fits(MappedTable<FlashSale> t, string amount) => $"{t[nameof(FlashSale.Claimed)]} + {amount} <= {t[nameof(FlashSale.Units)]}";

    /// <summary>A new sale, saved with the context's next save.</summary>
    public static void Add(RolloutDb db, FlashSale sale) => db.FlashSales.Add(sale);

    /// <summary>
    /// Counts units claimed, guessed to apply while they fit (with the batch's later statements, joined per sale; a miss
    /// runs the batch again without guessing). The rows it changed.
    /// </summary>
    public static Task<int> ClaimGuessed(Batch batch, string sale, int units) =>
        batch.LaterAdd(1, guessed: true, Sql(batch, nameof(ClaimGuessed), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Claimed)]} = {t[nameof(FlashSale.Claimed)]} + @p1 WHERE {t[nameof(FlashSale.Code)]} = @p0 AND {Fits(t, "@p1")}"), sale, units);

    /// <summary>A claimed unit came back (its claim ran out), at once.</summary>
    public static Task GiveBack(Batch batch, string sale, int units) =>
        batch.Execute(Sql(batch, nameof(GiveBack), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Claimed)]} = {t[nameof(FlashSale.Claimed)]} - @p1 WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale, units);

    /// <summary>
    /// Stores the secret of the opening's shuffle unless one is stored already, and answers the secret that holds: this
    /// one, or the one another server drew first. So every server shuffles the room the same way, once.
    /// </summary>
    public static async Task<string> DrawSeed(Batch batch, string sale, string seed)
    {
        var stored = await batch.Execute(
            Sql(batch, nameof(DrawSeed), static t => t.Update(nameof(FlashSale.Code), [nameof(FlashSale.ShuffleSeed)], $"{t[nameof(FlashSale.ShuffleSeed)]} IS NULL")),
            sale, seed);
        return stored == 1
            ? seed
            : (string)(await batch.Scalar(Sql(batch, "Seed", static t => $"SELECT {t[nameof(FlashSale.ShuffleSeed)]} FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale))!;
    }

    /// <summary>Stores how far the room has admitted; never moves it back.</summary>
    public static Task SaveAdmission(Batch batch, string sale, long through) =>
        batch.Execute(Sql(batch, nameof(SaveAdmission), static t => t.Update(nameof(FlashSale.Code), [nameof(FlashSale.Admitted)], $"{t[nameof(FlashSale.Admitted)]} < @p1")), sale, through);

    private static string Sql(Batch batch, string name, Func<MappedTable<FlashSale>, string> build) => MappedTable<FlashSale>.Of(batch).Sql(name, build);
}
