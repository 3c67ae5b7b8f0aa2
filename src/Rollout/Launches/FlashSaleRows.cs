using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The one place that writes the flash_sales table: a sale is added through EF Core's mapping, and its counters and
/// stored draw move only through these statements. <see cref="Fits"/> is the escrow's rule the database holds a sale
/// to: it never leases out more units than it has (docs/decisions/0018-several-servers.md). Table and columns come
/// from the mapping (<see cref="MappedTable{T}"/>).
/// </summary>
public static class FlashSaleRows
{
    /// <summary>The rule, stated once: units leased out, plus <paramref name="amount"/> more, are at most the sale's units.</summary>
    private static string Fits(MappedTable<FlashSale> t, string amount) => $"{t[nameof(FlashSale.Leased)]} + {amount} <= {t[nameof(FlashSale.Units)]}";

    /// <summary>A new sale, saved with the context's next save.</summary>
    public static void Add(RolloutDb db, FlashSale sale) => db.FlashSales.Add(sale);

    /// <summary>
    /// Leases a block of <paramref name="units"/> from the sale, at once, while they fit: one conditional update. The
    /// block's epoch (the sale's next), or null when fewer units are left unleased.
    /// </summary>
    public static async Task<long?> Lease(Batch batch, string sale, int units)
    {
        var epoch = await batch.Rows(Sql(batch, nameof(Lease), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Leased)]} = {t[nameof(FlashSale.Leased)]} + @p1, {t[nameof(FlashSale.LeaseEpoch)]} = {t[nameof(FlashSale.LeaseEpoch)]} + 1 " +
            $"WHERE {t[nameof(FlashSale.Code)]} = @p0 AND {Fits(t, "@p1")} RETURNING {t[nameof(FlashSale.LeaseEpoch)]}"), r => r.GetInt64(0), sale, units);
        return epoch.Count == 1 ? epoch[0] : null;
    }

    /// <summary>Units back in the sale's common pool (a lease's unused units, a claim that ran out), at once; the check constraint refuses a count below zero.</summary>
    public static Task Unlease(Batch batch, string sale, int units) =>
        batch.Execute(Sql(batch, nameof(Unlease), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Leased)]} = {t[nameof(FlashSale.Leased)]} - @p1 WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale, units);

    /// <summary>The epoch of the sale's last committed lease, read at once.</summary>
    public static async Task<long> LastEpoch(Batch batch, string sale) =>
        Convert.ToInt64(await batch.Scalar(Sql(batch, nameof(LastEpoch), static t =>
            $"SELECT {t[nameof(FlashSale.LeaseEpoch)]} FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Units of the sale no server holds and no claim has (the common pool), read at once.</summary>
    public static async Task<int> Unleased(Batch batch, string sale) =>
        Convert.ToInt32(await batch.Scalar(Sql(batch, nameof(Unleased), static t =>
            $"SELECT {t[nameof(FlashSale.Units)]} - {t[nameof(FlashSale.Leased)]} FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Stores the secret of the opening's shuffle unless one is stored already, and answers the secret that holds: this
    /// one, or the one another server drew first. So every server shuffles the room the same way, once.
    /// </summary>
    public static async Task<(string Seed, bool First)> DrawSeed(Batch batch, string sale, string seed)
    {
        var stored = await batch.Execute(
            Sql(batch, nameof(DrawSeed), static t => t.Update(nameof(FlashSale.Code), [nameof(FlashSale.ShuffleSeed)], $"{t[nameof(FlashSale.ShuffleSeed)]} IS NULL")),
            sale, seed);
        return stored == 1
            ? (seed, true)
            : ((string)(await batch.Scalar(Sql(batch, "Seed", static t => $"SELECT {t[nameof(FlashSale.ShuffleSeed)]} FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"), sale))!, false);
    }

    /// <summary>Stores how far the room has admitted; never moves it back.</summary>
    public static Task SaveAdmission(Batch batch, string sale, long through) =>
        batch.Execute(Sql(batch, nameof(SaveAdmission), static t => t.Update(nameof(FlashSale.Code), [nameof(FlashSale.Admitted)], $"{t[nameof(FlashSale.Admitted)]} < @p1")), sale, through);

    /// <summary>The first late place follows the early joiners' (written by the server that drew first), at once.</summary>
    public static Task StartPlaces(Batch batch, string sale, long early) =>
        batch.Execute(Sql(batch, nameof(StartPlaces), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Places)]} = @p1 WHERE {t[nameof(FlashSale.Code)]} = @p0 AND {t[nameof(FlashSale.Places)]} < @p1"), sale, early);

    /// <summary>Leases the next <paramref name="count"/> places of the sale's waiting room, at once: the last of them.</summary>
    public static async Task<long> LeasePlaces(Batch batch, string sale, int count) =>
        (await batch.Rows(Sql(batch, nameof(LeasePlaces), static t =>
            $"UPDATE {t.Table} SET {t[nameof(FlashSale.Places)]} = {t[nameof(FlashSale.Places)]} + @p1 WHERE {t[nameof(FlashSale.Code)]} = @p0 RETURNING {t[nameof(FlashSale.Places)]}"),
            r => r.GetInt64(0), sale, count))[0];

    /// <summary>How far the room has admitted and the last place given, read at once.</summary>
    public static async Task<(long Admitted, long Places)> Room(Batch batch, string sale) =>
        (await batch.Rows(Sql(batch, nameof(Room), static t =>
            $"SELECT {t[nameof(FlashSale.Admitted)]}, {t[nameof(FlashSale.Places)]} FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"),
            r => (r.GetInt64(0), r.GetInt64(1)), sale))[0];

    /// <summary>
    /// What the shared room's admission is computed from, in one statement so in one snapshot (a lease or a win
    /// committed between two reads would count a block twice or a customer as done): how far it has admitted, the
    /// last place given, the units the whole sale has left (its common pool and every block's unused units), and the
    /// customers admitted after <paramref name="since"/> who have not won.
    /// </summary>
    public static async Task<(long Admitted, long Places, long UnitsLeft, long Waiting)> RoomFigures(Batch batch, string sale, Instant since)
    {
        var (leases, entries) = (MappedTable<SaleLease>.Of(batch), MappedTable<SaleEntry>.Of(batch));
        return (await batch.Rows(Sql(batch, nameof(RoomFigures), t =>
            $"SELECT {t[nameof(FlashSale.Admitted)]}, {t[nameof(FlashSale.Places)]}, {t[nameof(FlashSale.Units)]} - {t[nameof(FlashSale.Leased)]} + " +
            $"(SELECT COALESCE(SUM({leases[nameof(SaleLease.Units)]} - {leases[nameof(SaleLease.Used)]}), 0) FROM {leases.Table} WHERE {leases[nameof(SaleLease.Sale)]} = @p0), " +
            $"(SELECT count(*) FROM {entries.Table} WHERE {entries[nameof(SaleEntry.Sale)]} = @p0 AND {entries[nameof(SaleEntry.WonAt)]} IS NULL AND {entries[nameof(SaleEntry.AdmittedAt)]} > @p1) " +
            $"FROM {t.Table} WHERE {t[nameof(FlashSale.Code)]} = @p0"),
            r => (r.GetInt64(0), r.GetInt64(1), Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), r.GetInt64(3)), sale, since))[0];
    }

    private static string Sql(Batch batch, string name, Func<MappedTable<FlashSale>, string> build) => MappedTable<FlashSale>.Of(batch).Sql(name, build);
}
