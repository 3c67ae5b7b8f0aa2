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
    /// none. The rows it changed: 0 when the limit is reached.
    /// </summary>
    public static Task<int> Count(Batch batch, string sale, string customer, Instant joinedAt, long position, int limit) =>
        batch.Expect(1, Sql(batch, nameof(Count), static t =>
            $"INSERT INTO {t.Table} AS e ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}, {t[nameof(SaleEntry.JoinedAt)]}, {t[nameof(SaleEntry.Position)]}, {t[nameof(SaleEntry.Claimed)]}) " +
            $"VALUES (@p0, @p1, @p2, @p3, 1) ON CONFLICT ({t[nameof(SaleEntry.Sale)]}, {t[nameof(SaleEntry.CustomerId)]}) " +
            $"DO UPDATE SET {t[nameof(SaleEntry.Claimed)]} = e.{t[nameof(SaleEntry.Claimed)]} + 1 WHERE e.{t[nameof(SaleEntry.Claimed)]} < @p4"),
            sale, customer, joinedAt, position, limit);

    /// <summary>A unit of the customer's ran out (their claim expired), at once.</summary>
    public static Task Uncount(Batch batch, string sale, string customer) =>
        batch.Execute(Sql(batch, nameof(Uncount), static t =>
            $"UPDATE {t.Table} SET {t[nameof(SaleEntry.Claimed)]} = {t[nameof(SaleEntry.Claimed)]} - 1 WHERE {t[nameof(SaleEntry.Sale)]} = @p0 AND {t[nameof(SaleEntry.CustomerId)]} = @p1 AND {t[nameof(SaleEntry.Claimed)]} > 0"),
            sale, customer);

    private static string Sql(Batch batch, string name, Func<MappedTable<SaleEntry>, string> build) => MappedTable<SaleEntry>.Of(batch).Sql(name, build);
}
