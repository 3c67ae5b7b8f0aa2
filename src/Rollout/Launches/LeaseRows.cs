using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The one place that writes the sale_leases table (docs/decisions/0018-several-servers.md): a block of a sale's units
/// leased by a server, used by its claims, renewed, given back, or reaped once it expired. Every use is fenced: it
/// applies only to the lease of that epoch, while the lease is live and has the units, so a server whose lease was
/// reaped (presumed dead) cannot commit a claim from it. Expiry runs on the database's clock, so the servers' clocks
/// need not agree; on SQLite (one server) leases do not expire. Table and columns come from EF Core's mapping.
/// </summary>
public static class LeaseRows
{
    /// <summary>
    /// How long a lease lives unless renewed; servers renew theirs eight times as often, off their writer, so only a
    /// server stalled for two seconds loses its block. A killed server's units come back after it.
    /// </summary>
    public static readonly Duration Term = Duration.FromSeconds(2);

    /// <summary>The rule, stated once: the lease is this one and live.</summary>
    private static string Live(MappedTable<SaleLease> t, bool sqlite) =>
        $"{t[nameof(SaleLease.Sale)]} = @p0 AND {t[nameof(SaleLease.Epoch)]} = @p1" + (sqlite ? "" : $" AND {t[nameof(SaleLease.ExpiresAt)]} > now()");

    /// <summary>When a lease taken or renewed now runs out: the database's clock plus the term; never on SQLite.</summary>
    private static string Expiry(bool sqlite) => sqlite ? "NULL" : $"clock_timestamp() + interval '{(int)Term.TotalMilliseconds} milliseconds'"; // Now, not when the batch's transaction began.

    /// <summary>The block just leased from the sale (<see cref="FlashSaleRows.Lease"/>), at once.</summary>
    public static Task Insert(Batch batch, string sale, long epoch, string server, int units, Instant now) =>
        batch.Execute(Sql(batch, nameof(Insert), static (t, sqlite) =>
            $"INSERT INTO {t.Table} ({t[nameof(SaleLease.Sale)]}, {t[nameof(SaleLease.Epoch)]}, {t[nameof(SaleLease.Server)]}, {t[nameof(SaleLease.Units)]}, {t[nameof(SaleLease.Used)]}, {t[nameof(SaleLease.LeasedAt)]}, {t[nameof(SaleLease.ExpiresAt)]}) " +
            $"VALUES (@p0, @p1, @p2, @p3, 0, @p4, {Expiry(sqlite)})"), sale, epoch, server, units, now);

    /// <summary>
    /// Units of the block won, guessed to apply (with the batch's later statements, joined per lease; a miss runs the
    /// batch again without guessing): only while the lease is live and has them. The rows it changed.
    /// </summary>
    public static Task<int> Use(Batch batch, string sale, long epoch, int units) =>
        batch.LaterAdd(2, guessed: true, Sql(batch, nameof(Use), static (t, sqlite) =>
            $"UPDATE {t.Table} SET {t[nameof(SaleLease.Used)]} = {t[nameof(SaleLease.Used)]} + @p2 WHERE {Live(t, sqlite)} AND {t[nameof(SaleLease.Used)]} + @p2 <= {t[nameof(SaleLease.Units)]}"),
            sale, epoch, units);

    /// <summary>The lease lives another term from now, if it is still live; false when it was reaped or ran out.</summary>
    public static async Task<bool> Renew(Batch batch, string sale, long epoch) =>
        await batch.Execute(Sql(batch, nameof(Renew), static (t, sqlite) => $"UPDATE {t.Table} SET {t[nameof(SaleLease.ExpiresAt)]} = {Expiry(sqlite)} WHERE {Live(t, sqlite)}"), sale, epoch) == 1;

    /// <summary>
    /// Ends a lease, at once, and answers the units it did not use, which the caller gives back to the sale; null when
    /// the lease was gone already (reaped by another server, whose return counted them). The delete is the claim on
    /// those units: of two servers ending one lease, one gets them.
    /// </summary>
    public static async Task<int?> End(Batch batch, string sale, long epoch)
    {
        var back = await batch.Rows(Sql(batch, nameof(End), static (t, _) =>
            $"DELETE FROM {t.Table} WHERE {t[nameof(SaleLease.Sale)]} = @p0 AND {t[nameof(SaleLease.Epoch)]} = @p1 RETURNING {t[nameof(SaleLease.Units)]} - {t[nameof(SaleLease.Used)]}"),
            r => r.GetInt32(0), sale, epoch);
        return back.Count == 0 ? null : back[0];
    }

    /// <summary>Ends every lease of a sale (SQLite, at a start: they belonged to this server's last life); the units they did not use.</summary>
    public static async Task<int> EndAll(Batch batch, string sale) =>
        (await batch.Rows(Sql(batch, nameof(EndAll), static (t, _) =>
            $"DELETE FROM {t.Table} WHERE {t[nameof(SaleLease.Sale)]} = @p0 RETURNING {t[nameof(SaleLease.Units)]} - {t[nameof(SaleLease.Used)]}"),
            r => r.GetInt32(0), sale)).Sum();

    /// <summary>Ends the leases that ran out (their servers died or stalled), of every sale; the units each did not use.</summary>
    public static async Task<List<(string Sale, int Back)>> Reap(Batch batch) =>
        await batch.Rows(Sql(batch, nameof(Reap), static (t, _) =>
            $"DELETE FROM {t.Table} WHERE {t[nameof(SaleLease.ExpiresAt)]} <= now() RETURNING {t[nameof(SaleLease.Sale)]}, {t[nameof(SaleLease.Units)]} - {t[nameof(SaleLease.Used)]}"),
            r => (r.GetString(0), r.GetInt32(1)));

    /// <summary>Units still unused in the sale's live leases (every server's), for the sale's figures.</summary>
    public static async Task<int> Unused(Batch batch, string sale) =>
        Convert.ToInt32(await batch.Scalar(Sql(batch, nameof(Unused), static (t, _) =>
            $"SELECT COALESCE(SUM({t[nameof(SaleLease.Units)]} - {t[nameof(SaleLease.Used)]}), 0) FROM {t.Table} WHERE {t[nameof(SaleLease.Sale)]} = @p0"), sale), System.Globalization.CultureInfo.InvariantCulture);

    private static string Sql(Batch batch, string name, Func<MappedTable<SaleLease>, bool, string> build) =>
        MappedTable<SaleLease>.Of(batch).Sql(name, batch.IsSqlite, build);
}
