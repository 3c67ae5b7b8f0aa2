using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// Places in a sale's waiting room where several servers sell it (PostgreSQL; docs/decisions/0018-several-servers.md
/// §4): a customer's place is the one the database has, whichever server gave it; a new one comes from the sale's one
/// counter, which each server leases in small blocks. On one server (SQLite) places are memory's, as before.
/// </summary>
internal static class RoomPlaces
{
    /// <summary>The customer's place, given now if they have none anywhere.</summary>
    public static async Task<long> Of(LaunchBook book, SalePool pool, Shopper shopper)
    {
        if (!pool.Shared || shopper.Position > 0)
        {
            return pool.PositionOf(shopper);
        }

        await Known(book, pool, shopper);
        return shopper.Position > 0 ? shopper.Position : pool.Assign(shopper, await pool.Block.Next(book, pool));
    }

    /// <summary>Several servers: reads the customer's entry (their place, or that they joined before the opening) if this server has not placed them, at most once a second.</summary>
    public static async Task Known(LaunchBook book, SalePool pool, Shopper shopper)
    {
        if (!pool.Shared || shopper.Position > 0 || (shopper.PlaceReadAt != 0 && Environment.TickCount64 - shopper.PlaceReadAt < 1_000))
        {
            return;
        }

        await using var scope = book.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var entry = await db.SaleEntries.AsNoTracking().Where(e => e.Sale == pool.Sale.Code && e.CustomerId == shopper.Id).Select(e => new { e.Position, e.JoinedAt }).FirstOrDefaultAsync();
        if (entry?.Position is { } place)
        {
            pool.LearnPlace(shopper, place);
        }
        else if (entry is not null && entry.JoinedAt < pool.Sale.OpensAt && !shopper.Early)
        {
            await book.Writer.Write<bool>(_ =>
            {
                pool.LearnEarly(shopper); // Joined before the opening on another server: in this server's draw too.
                return Task.FromResult<Result<bool>>(true);
            });
        }

        shopper.PlaceReadAt = Environment.TickCount64; // Not placed anywhere yet: read again after a second.
    }

    /// <summary>
    /// On the writer: stores the customer's place. Several servers: at once, and the place another server stored
    /// first, if one did, is the customer's.
    /// </summary>
    public static async Task<Result<bool>> Store(Batch batch, SalePool pool, Shopper shopper, Instant now)
    {
        if (pool.Replaced)
        {
            return LaunchBook.Reloaded;
        }

        if (!shopper.PositionStored)
        {
            if (pool.Shared)
            {
                pool.LearnPlace(shopper, await EntryRows.Place(batch, pool.Sale.Code.Value, shopper.Id, now, shopper.Position));
            }
            else
            {
                await EntryRows.Insert(batch, pool.Sale.Code.Value, shopper.Id, now, shopper.Position);
            }

            shopper.PositionSaved(batch);
        }

        return true;
    }
}

/// <summary>
/// The places a server leased from its sale's counter and has not given yet (several servers). A block is a quarter
/// second of this server's newcomers, and is dropped after a quarter second, so a customer placed here is never behind
/// one who came later to another server by more than that; places not given are gaps the room's admission passes.
/// </summary>
internal sealed class PlaceBlock
{
    private const long FreshMs = 250;
    private const int Largest = 256;
    private readonly Lock gate = new();
    private long next = 1;
    private long last;
    private long leasedAt;
    private Task? leasing;
    private int size = 1;
    private int given;

    /// <summary>
    /// The next place of this server's block, leasing a block when it has none left (or its time is over): one lease at
    /// a time, which the requests that found the block empty meanwhile wait for.
    /// </summary>
    public async Task<long> Next(LaunchBook book, SalePool pool)
    {
        while (true)
        {
            if (Take() is { } place)
            {
                return place;
            }

            Task lease;
            lock (gate)
            {
                lease = leasing ??= Lease(book, pool);
            }

            try
            {
                await lease;
            }
            finally
            {
                lock (gate)
                {
                    if (leasing == lease)
                    {
                        leasing = null;
                    }
                }
            }
        }
    }

    private async Task Lease(LaunchBook book, SalePool pool)
    {
        await Task.Yield(); // Leased outside the caller's lock.
        int count;
        lock (gate)
        {
            // Used up within its time: twice as large; dropped with places left: as large as what was given.
            size = next > last ? Math.Min(Largest, size * 2) : Math.Max(1, given);
            count = size;
        }

        await using var scope = book.Scopes.CreateAsyncScope();
        using var batch = new Batch(scope.ServiceProvider.GetRequiredService<RolloutDb>());
        var through = await FlashSaleRows.LeasePlaces(batch, pool.Sale.Code.Value, count);
        pool.PlacedTo(through);
        lock (gate)
        {
            (next, last, leasedAt, given) = (through - count + 1, through, Environment.TickCount64, 0);
        }
    }

    private long? Take()
    {
        lock (gate)
        {
            if (next > last || Environment.TickCount64 - leasedAt >= FreshMs)
            {
                return null;
            }

            given++;
            return next++;
        }
    }
}
