using Rollout.Storage;

namespace Rollout.Budgets;

/// <summary>
/// The one place that writes the budgets table. <see cref="Take"/> is the rule the database holds a shared budget
/// to: the permits every server took in one window are never more than the limit's. Table and columns come from EF
/// Core's mapping (<see cref="MappedTable{T}"/>).
/// </summary>
public static class BudgetRows
{
    /// <summary>
    /// PostgreSQL (several servers). Takes up to <paramref name="wanted"/> permits of <paramref name="permits"/> for the caller in
    /// <paramref name="window"/>, at once, in one statement: the row's count starts again in a later window, and a
    /// take never passes the limit (it gets what is left). The permits given: 0 when the window's are all taken, or
    /// when the row is already in a later window (this server's clock is behind).
    /// </summary>
    public static async Task<int> Take(Batch batch, string limit, string caller, long window, int wanted, int permits)
    {
        var granted = await batch.Rows(MappedTable<Budget>.Of(batch).Sql(nameof(Take), static t =>
            $"INSERT INTO {t.Table} AS b ({t[nameof(Budget.Limit)]}, {t[nameof(Budget.Caller)]}, {t[nameof(Budget.Window)]}, {t[nameof(Budget.Used)]}, {t[nameof(Budget.Granted)]}) " +
            $"VALUES (@p0, @p1, @p2, LEAST(@p3, @p4), LEAST(@p3, @p4)) ON CONFLICT ({t[nameof(Budget.Limit)]}, {t[nameof(Budget.Caller)]}) DO UPDATE SET " +
            $"{t[nameof(Budget.Granted)]} = CASE WHEN b.{t[nameof(Budget.Window)]} = @p2 THEN LEAST(@p3, @p4 - b.{t[nameof(Budget.Used)]}) ELSE LEAST(@p3, @p4) END, " +
            $"{t[nameof(Budget.Used)]} = CASE WHEN b.{t[nameof(Budget.Window)]} = @p2 THEN LEAST(@p4, b.{t[nameof(Budget.Used)]} + @p3) ELSE LEAST(@p3, @p4) END, " +
            $"{t[nameof(Budget.Window)]} = @p2 " +
            $"WHERE b.{t[nameof(Budget.Window)]} < @p2 OR (b.{t[nameof(Budget.Window)]} = @p2 AND b.{t[nameof(Budget.Used)]} < @p4) " +
            $"RETURNING {t[nameof(Budget.Granted)]}"),
            r => r.GetInt32(0), limit, caller, window, wanted, permits);
        return granted.Count == 1 ? granted[0] : 0;
    }
}
