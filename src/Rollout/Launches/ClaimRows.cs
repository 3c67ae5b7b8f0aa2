using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The one place that writes the sale_claims table, on the group commit's writer: a won claim is inserted with the
/// batch's later statements (joined into multi-row inserts), and moves from won to ordered or expired only from the
/// state memory knows. Table and columns come from EF Core's mapping (<see cref="MappedTable{T}"/>); the insert names
/// every mapped column, or fails when first built.
/// </summary>
public static class ClaimRows
{
    private static readonly string[] Inserted =
    [
        nameof(SaleClaim.Id), nameof(SaleClaim.Sale), nameof(SaleClaim.CustomerId), nameof(SaleClaim.Key), nameof(SaleClaim.Status), nameof(SaleClaim.Position),
        nameof(SaleClaim.ClaimedAt), nameof(SaleClaim.PayBy), nameof(SaleClaim.OrderId),
    ];

    private static readonly string Won = nameof(ClaimStatus.Won);

    /// <summary>
    /// A won claim, written with the batch's later statements; the rows written. On SQLite (one server, whose memory
    /// knows every key) a plain insert, joined into multi-row inserts. Where several servers sell the sale, another may
    /// have taken the customer's key a moment ago: the insert then writes nothing (0), guessed not to happen (a miss runs
    /// the batch again without guessing), so the race costs a rerun, never a failed batch.
    /// </summary>
    public static async Task<int> Insert(Batch batch, Guid id, string sale, string customer, string key, long position, Instant claimedAt, Instant payBy)
    {
        if (batch.IsSqlite)
        {
            await batch.Later(Sql(batch, nameof(Insert), static t => t.InsertOf(Inserted)), id, sale, customer, key, Won, position, claimedAt, payBy, null);
            return 1;
        }

        return await batch.Expect(1, Sql(batch, "InsertUnlessTaken", static t => t.InsertOf(Inserted) + " ON CONFLICT DO NOTHING"), id, sale, customer, key, Won, position, claimedAt, payBy, null);
    }

    /// <summary>A won claim became an order, guessed to apply (still won); the rows it changed.</summary>
    public static Task<int> Ordered(Batch batch, Guid claim, Guid order) =>
        batch.Expect(1, Sql(batch, nameof(Ordered), static t => t.Update(nameof(SaleClaim.Id), [nameof(SaleClaim.Status), nameof(SaleClaim.OrderId)], $"{t[nameof(SaleClaim.Status)]} = @p3")),
            claim, nameof(ClaimStatus.Ordered), order, Won);

    /// <summary>A claim ran out, at once, only from the status memory knows; false when the database has it otherwise.</summary>
    public static async Task<bool> Expire(Batch batch, Guid claim, ClaimStatus from) =>
        await batch.Execute(Sql(batch, nameof(Expire), static t => t.Update(nameof(SaleClaim.Id), [nameof(SaleClaim.Status)], $"{t[nameof(SaleClaim.Status)]} = @p2")),
            claim, nameof(ClaimStatus.Expired), from.ToString()) == 1;

    private static string Sql(Batch batch, string name, Func<MappedTable<SaleClaim>, string> build) => MappedTable<SaleClaim>.Of(batch).Sql(name, build);
}
