using Microsoft.Extensions.DependencyInjection;
using Rollout.Inventory;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// How servers share a flash sale's units (docs/decisions/0018-several-servers.md, the escrow method). Each server
/// sells from a block it leased from the sale, so its batches write only its own lease's row, never the sale's: a
/// lease is one conditional update of the sale (the database holds <c>Leased &lt;= Units</c>) that also holds the
/// block's units in the allocation. Blocks follow the server's selling rate (a quarter second of sales) and shrink near
/// the end (at most a quarter of what is left). Four times a second each server renews its block, gives it back once
/// it sold nothing for a quarter second (or the sale closed), reaps the blocks of servers that stopped renewing theirs,
/// and reads the sale's figures. So units in another server's block show as sold out here for at most half a second,
/// and a dead server's units come back within the lease's term plus a quarter second. On SQLite, one server holds the
/// file: it leases everything left at once, and its leases never expire.
/// </summary>
public static class SaleEscrow
{
    /// <summary>How often each server renews, gives back, reaps and reads (and how long an unused block is kept).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The smallest block leased while units allow (a sale's first seconds have no rate to follow yet).</summary>
    private const int SmallestBlock = 8;

    /// <summary>
    /// On the writer, at once: leases a block for this server when its own is used up. False when the sale has nothing
    /// left to lease (memory learns how much it has).
    /// </summary>
    internal static async Task<bool> Lease(Batch batch, SalePool pool, LaunchBook book)
    {
        await batch.Savepoint(); // The sale's count moves before the allocation may refuse the hold.
        var sale = pool.Sale.Code.Value;
        var units = BlockSize(pool, batch.IsSqlite, book.Clock.Now());
        var epoch = units > 0 ? await FlashSaleRows.Lease(batch, sale, units) : null;
        if (epoch is null)
        {
            var unleased = await FlashSaleRows.Unleased(batch, sale); // Memory was behind: lease what there is.
            pool.Unleasable(unleased);
            units = Math.Min(units, unleased);
            epoch = units > 0 ? await FlashSaleRows.Lease(batch, sale, units) : null;
            if (epoch is null)
            {
                return false;
            }
        }

        if (!await AllocationRows.MoveHeld(batch, pool.Allocation, units))
        {
            // The allocation no longer has the units the sale was promised (stock taken from it since): sold out, and the
            // write's savepoint undoes the sale's count. The tick reads the common pool again, so a claim tries once more.
            pool.Unleasable(0);
            return false;
        }

        await LeaseRows.Insert(batch, sale, epoch.Value, book.Server, units, book.Clock.Now());
        pool.Leased(batch, epoch.Value, units);
        return true;
    }

    /// <summary>
    /// A quarter second of this server's sales (the last whole second's wins over four), at least <see cref="SmallestBlock"/>,
    /// and never more than a quarter of what is unleased (one unit at the end). Everything unleased on SQLite.
    /// </summary>
    internal static int BlockSize(SalePool pool, bool wholeSale, Instant now)
    {
        var unleased = pool.Unleased;
        if (wholeSale || unleased <= 1)
        {
            return Math.Max(0, unleased);
        }

        var rate = pool.Rates.Last(now, 1)[0].Won;
        var wanted = (int)Math.Min(int.MaxValue, Math.Max(SmallestBlock, rate / 4));
        return Math.Min(wanted, Math.Max(1, unleased / 4));
    }

    /// <summary>
    /// Four times a second, on the writer: ends the blocks this server used up, gives back its block once idle or the
    /// sale closed, drops a block found reaped, and reads each sale's common pool and other servers' unused units for
    /// the figures. (Renewing and reaping run apart from it: <see cref="RenewAndReap"/>.)
    /// </summary>
    public static async Task Tick(LaunchBook book)
    {
        var now = book.Clock.Now();
        var live = Live(book, now);
        await book.Writer.Write<bool>(async batch =>
        {
            foreach (var pool in live)
            {
                await Keep(batch, pool, now);
            }

            return true;
        });
    }

    /// <summary>
    /// Four times a second, on a connection of its own and never waiting for the writer, so a busy writer does not let
    /// its blocks run out (PostgreSQL): renews this server's blocks, and reaps every sale's blocks whose servers stopped
    /// renewing them, in a transaction of its own; then keeps each sale's shared waiting room (<see cref="SharedRoom"/>).
    /// </summary>
    public static async Task RenewAndReap(LaunchBook book)
    {
        if (!book.Shared)
        {
            return;
        }

        var now = book.Clock.Now();
        var pools = Live(book, now);
        await using var scope = book.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        using var batch = new Batch(db);
        foreach (var pool in pools)
        {
            // A block leased by a batch not committed yet is not in the table yet: only one whose epoch the sale has
            // committed, and that is gone, was reaped.
            if (pool.LeaseEpoch is var epoch and not 0 && !await LeaseRows.Renew(batch, pool.Sale.Code.Value, epoch)
                && await FlashSaleRows.LastEpoch(batch, pool.Sale.Code.Value) >= epoch)
            {
                pool.Reaped(epoch); // The writer drops it at its next tick; meanwhile its batches fail the fence.
            }
        }

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            foreach (var (sale, back) in await LeaseRows.Reap(batch))
            {
                await GiveBack(batch, sale, back, book.Loaded.FirstOrDefault(p => p.Sale.Code.Value == sale)?.Allocation ?? await LaunchBook.AllocationOf(batch, sale));
            }

            await transaction.CommitAsync();
        }

        foreach (var pool in pools)
        {
            await SharedRoom.Keep(batch, pool, now); // After the reaping: units a dead server held count as left.
        }
    }

    private static List<SalePool> Live(LaunchBook book, Instant now) =>
        [.. book.Loaded.Where(p => !p.Replaced && now >= p.Sale.OpensAt - Duration.FromMinutes(1) && now < p.Sale.ClosesAt + Duration.FromMinutes(1))];

    private static async Task Keep(Batch batch, SalePool pool, Instant now)
    {
        var sale = pool.Sale.Code.Value;
        await EndRetired(batch, pool);
        if (pool.WasReaped)
        {
            pool.LeaseLost();
        }
        else if (pool.LeaseEpoch != 0 && (now >= pool.Sale.ClosesAt || (!batch.IsSqlite && pool.Idle((long)Interval.TotalMilliseconds))))
        {
            await EndLease(batch, pool);
        }

        pool.Refreshed(await FlashSaleRows.Unleased(batch, sale), await LeaseRows.Unused(batch, sale) - pool.Left);
    }

    /// <summary>
    /// When the server stops: gives back every block it holds, so a restart or a rolling deploy strands nothing (a
    /// killed server's blocks are reaped instead, within the lease's term).
    /// </summary>
    public static async Task HandBack(LaunchBook book) =>
        await book.Writer.Write<bool>(async batch =>
        {
            foreach (var pool in book.Loaded.Where(p => !p.Replaced))
            {
                await EndRetired(batch, pool);
                if (pool.LeaseEpoch != 0)
                {
                    await EndLease(batch, pool);
                }
            }

            return true;
        });

    /// <summary>Ends the blocks this server used up and replaced (their unused units, if memory missed any, go back).</summary>
    private static async Task EndRetired(Batch batch, SalePool pool)
    {
        foreach (var epoch in pool.Retired.ToList())
        {
            await GiveBack(batch, pool.Sale.Code.Value, await LeaseRows.End(batch, pool.Sale.Code.Value, epoch) ?? 0, pool.Allocation);
            pool.Retired.Remove(epoch);
            batch.Undo(() => pool.Retired.Add(epoch)); // Still to end if this batch is not committed.
        }
    }

    private static async Task EndLease(Batch batch, SalePool pool)
    {
        var back = await LeaseRows.End(batch, pool.Sale.Code.Value, pool.LeaseEpoch);
        await GiveBack(batch, pool.Sale.Code.Value, back ?? 0, pool.Allocation);
        if (back is null)
        {
            pool.LeaseLost(); // Reaped already: the reaper gave its units back.
        }
        else
        {
            pool.LeaseEnded(batch, back.Value);
        }
    }

    /// <summary>Unused units of an ended block back to the sale's common pool and out of the allocation's holds.</summary>
    private static async Task GiveBack(Batch batch, string sale, int units, long allocation)
    {
        if (units > 0)
        {
            await FlashSaleRows.Unlease(batch, sale, units);
            await AllocationRows.Release(batch, allocation, units);
            batch.UnitsGivenBack = true;
        }
    }
}
