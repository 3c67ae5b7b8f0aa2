using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The one place that writes the sale_entries table: a customer's entry in a sale's waiting room (their place), and,
/// where several servers may sell the sale (PostgreSQL), the count of their units won and not expired, which holds
/// the per-customer limit in the database whichever servers their claims reach. Table and columns come from EF Core's
/// mapping (<see cref="MappedTable{T}"/>).
/// </summary>
public static class EntryRows
{
    /// <summary>The customer's entry, with the batch's later statements; kept as it was if another server wrote it first.</summary>
    public static Task Insert(Batch batch, string sale, string customer, Instant joinedAt, long? position) =>
        batch.Later(Sql(batch, nameof(Insert), static t =>
            $"INSERT INTO {t.Table} ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}, {t[nameof(SaleEntry.JoinedAt)]}, {t[nameof(SaleEntry.Position)]}, {t[nameof(SaleEntry.Claimed)]}) " +
            $"VALUES (@p0, @p1, @p2, @p3, 0) ON CONFLICT ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}) DO NOTHING"), sale, customer, joinedAt, position);

    /// <summary>
    /// One more unit won by the customer, guessed to apply (a miss runs the batch again without guessing): while they
    /// have fewer than <paramref name="limit"/>, counting every server's claims. Makes the entry if the customer has
    /// none, and marks their first win (their turn in the shared room is taken). The rows it changed: 0 when the limit
    /// is reached.
    /// </summary>
    public static Task<int> Count(Batch batch, string sale, string customer, Instant joinedAt, long position, int limit) =>
        batch.Expect(1, Sql(batch, nameof(Count), static t =>
            $"INSERT INTO {t.Table} AS e ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}, {t[nameof(SaleEntry.JoinedAt)]}, {t[nameof(SaleEntry.Position)]}, {t[nameof(SaleEntry.Claimed)]}, {t[nameof(SaleEntry.AdmittedAt)]}, {t[nameof(SaleEntry.WonAt)]}) " +
            $"VALUES (@p0, @p1, @p2, @p3, 1, @p2, @p2) ON CONFLICT ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}) " +
            $"DO UPDATE SET {t[nameof(SaleEntry.Claimed)]} = e.{t[nameof(SaleEntry.Claimed)]} + 1, {t[nameof(SaleEntry.WonAt)]} = COALESCE(e.{t[nameof(SaleEntry.WonAt)]}, @p2) WHERE e.{t[nameof(SaleEntry.Claimed)]} < @p4"),
            sale, customer, joinedAt, position, limit);

    /// <summary>A unit of the customer's ran out (their claim expired), at once.</summary>
    public static Task Uncount(Batch batch, string sale, string customer) =>
        batch.Execute(Sql(batch, nameof(Uncount), static t =>
            $"UPDATE {t.Table} SET {t[nameof(SaleEntry.Claimed)]} = {t[nameof(SaleEntry.Claimed)]} - 1 WHERE {t[nameof(SaleEntry.Sale)]} = @p0 AND {t[nameof(SaleEntry.CustomerId)]} = @p1 AND {t[nameof(SaleEntry.Claimed)]} > 0"),
            sale, customer);

    // ---- The shared waiting room (several servers, PostgreSQL; docs/decisions/0018-several-servers.md §4) ----

    /// <summary>
    /// Joins before the opening, only while the sale's draw is not stored: the statement locks the sale's row for
    /// share until the batch commits, so the draw (which updates that row) waits for every early join in flight, and
    /// reads them all. Guessed to make (or find) the entry; 0 when the draw came first.
    /// </summary>
    public static Task<int> JoinEarly(Batch batch, string sale, string customer, Instant joinedAt)
    {
        var flashSales = MappedTable<FlashSale>.Of(batch);
        return batch.Expect(1, Sql(batch, nameof(JoinEarly), t =>
            $"INSERT INTO {t.Table} AS e ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}, {t[nameof(SaleEntry.JoinedAt)]}, {t[nameof(SaleEntry.Position)]}, {t[nameof(SaleEntry.Claimed)]}) " +
            $"SELECT @p0, @p1, @p2, NULL, 0 FROM {flashSales.Table} WHERE {flashSales[nameof(FlashSale.Code)]} = @p0 AND {flashSales[nameof(FlashSale.ShuffleSeed)]} IS NULL FOR SHARE " +
            $"ON CONFLICT ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}) DO UPDATE SET {t[nameof(SaleEntry.JoinedAt)]} = e.{t[nameof(SaleEntry.JoinedAt)]}"),
            sale, customer, joinedAt);
    }

    /// <summary>Every customer who joined before the opening (the draw orders them), read at once.</summary>
    public static Task<List<string>> Early(Batch batch, string sale, Instant opensAt) =>
        batch.Rows(Sql(batch, nameof(Early), static t =>
            $"SELECT {t[nameof(SaleEntry.CustomerId)]} FROM {t.Table} WHERE {t[nameof(SaleEntry.Sale)]} = @p0 AND {t[nameof(SaleEntry.JoinedAt)]} < @p1"),
            r => r.GetString(0), sale, opensAt);

    /// <summary>
    /// The draw's places for the early joiners, at once, by the server that drew first; those within
    /// <paramref name="admitted"/> are admitted at <paramref name="now"/>.
    /// </summary>
    public static Task PlaceEarly(Batch batch, string sale, string[] customers, long[] places, long admitted, Instant now) =>
        batch.Execute(Sql(batch, nameof(PlaceEarly), static t =>
            $"UPDATE {t.Table} AS e SET {t[nameof(SaleEntry.Position)]} = v.p, {t[nameof(SaleEntry.AdmittedAt)]} = CASE WHEN v.p <= @p3 THEN @p4 END " +
            $"FROM unnest(@p1, @p2) AS v(c, p) WHERE e.{t[nameof(SaleEntry.Sale)]} = @p0 AND e.{t[nameof(SaleEntry.CustomerId)]} = v.c"),
            sale, customers, places, admitted, now);

    /// <summary>
    /// The customer's place, at once: this one, or the one another server stored first (answered). Admitted now when
    /// the stored admission already reaches it.
    /// </summary>
    public static async Task<long> Place(Batch batch, string sale, string customer, Instant joinedAt, long position)
    {
        var flashSales = MappedTable<FlashSale>.Of(batch);
        var stored = await batch.Rows(Sql(batch, nameof(Place), t =>
            $"INSERT INTO {t.Table} AS e ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}, {t[nameof(SaleEntry.JoinedAt)]}, {t[nameof(SaleEntry.Position)]}, {t[nameof(SaleEntry.Claimed)]}, {t[nameof(SaleEntry.AdmittedAt)]}) " +
            $"VALUES (@p0, @p1, @p2, @p3, 0, CASE WHEN @p3 <= (SELECT {flashSales[nameof(FlashSale.Admitted)]} FROM {flashSales.Table} WHERE {flashSales[nameof(FlashSale.Code)]} = @p0) THEN @p2 END) " +
            $"ON CONFLICT ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}) DO UPDATE SET {t[nameof(SaleEntry.Position)]} = COALESCE(e.{t[nameof(SaleEntry.Position)]}, EXCLUDED.{t[nameof(SaleEntry.Position)]}) " +
            $"RETURNING {t[nameof(SaleEntry.Position)]}"),
            r => r.GetInt64(0), sale, customer, joinedAt, position);
        return stored[0];
    }

    /// <summary>
    /// The room admitted every place through <paramref name="through"/> at <paramref name="now"/>: their turns start,
    /// at once. Any place stored meanwhile below an admission another server raised is caught too.
    /// </summary>
    public static Task Admit(Batch batch, string sale, long through, Instant now) =>
        batch.Execute(Sql(batch, nameof(Admit), static t =>
            $"UPDATE {t.Table} SET {t[nameof(SaleEntry.AdmittedAt)]} = @p2 WHERE {t[nameof(SaleEntry.Sale)]} = @p0 AND {t[nameof(SaleEntry.AdmittedAt)]} IS NULL " +
            $"AND {t[nameof(SaleEntry.Position)]} <= @p1"),
            sale, through, now);

    private static string Sql(Batch batch, string name, Func<MappedTable<SaleEntry>, string> build) => MappedTable<SaleEntry>.Of(batch).Sql(name, build);
}
