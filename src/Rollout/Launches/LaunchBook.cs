using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The flash sales this server sells, each a <see cref="SalePool"/> read from the database the first time it is needed
/// (a claim, a room, the dashboard, the ticker before an opening) and kept in memory from then on. When a commit of
/// the one writer failed without knowing whether it took effect, every pool is read again.
/// </summary>
public sealed class LaunchBook(GroupCommit writer, IServiceScopeFactory scopes, TimeProvider clock, StorageOptions storage)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SalePool?>>> pools = new(StringComparer.Ordinal);
    private long uncertainSeen;
    private long lastLoadSoon = long.MinValue / 2;

    public GroupCommit Writer => writer;

    public TimeProvider Clock => clock;

    internal IServiceScopeFactory Scopes => scopes;

    /// <summary>
    /// Whether other servers may sell the same sales (PostgreSQL): memory then learns what they did for a customer from
    /// the database (<see cref="ShopperSync"/>). SQLite has one server, whose memory is the whole truth.
    /// </summary>
    public bool Shared => storage.Provider == StorageProvider.Postgres;

    /// <summary>This server process, as its leases name it (<see cref="SaleLease.Server"/>).</summary>
    public string Server { get; } = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}"; // Fits the column (64).

    /// <summary>A write that held a pool replaced meanwhile: nothing was written; the caller tries again.</summary>
    internal static Error Reloaded => Error.Conflict("sale.reloaded", "The sale was just read again from the database; try again.");

    /// <summary>The sale's pool; null when there is no such sale.</summary>
    internal async Task<SalePool?> Pool(string code)
    {
        var uncertain = writer.Uncertain;
        var seen = Interlocked.Read(ref uncertainSeen);
        if (uncertain != seen && Interlocked.CompareExchange(ref uncertainSeen, uncertain, seen) == seen)
        {
            // A commit may or may not have taken effect: every pool is read again, and writes that still hold an old one
            // are refused from now on (they check on the writer, so none slips in after the new pool is read). One
            // thread clears, so no pool read meanwhile is dropped unmarked (on SQLite it would keep its lease of the rest).
            foreach (var old in Loaded.ToList())
            {
                old.Replace();
            }

            pools.Clear();
        }

        var lazy = pools.GetOrAdd(code, c => new Lazy<Task<SalePool?>>(() => Load(c)));
        SalePool? pool;
        try
        {
            pool = await lazy.Value;
        }
        catch
        {
            pools.TryRemove(new KeyValuePair<string, Lazy<Task<SalePool?>>>(code, lazy)); // A database that failed once is asked again next time.
            throw;
        }

        if (pool is null)
        {
            pools.TryRemove(new KeyValuePair<string, Lazy<Task<SalePool?>>>(code, lazy)); // A sale made later is read then.
        }
        else if (pool.Replaced)
        {
            // Read before a commit of unknown outcome: read once more (its writes are refused on the writer anyway).
            pools.TryRemove(new KeyValuePair<string, Lazy<Task<SalePool?>>>(code, lazy));
            pool = await pools.GetOrAdd(code, c => new Lazy<Task<SalePool?>>(() => Load(c))).Value;
        }

        return pool;
    }

    /// <summary>The codes of the sales read so far (the ticker asks for each, so a pool gone stale is read again).</summary>
    internal IReadOnlyList<string> LoadedCodes => [.. pools.Keys];

    /// <summary>The pools read so far.</summary>
    internal IEnumerable<SalePool> Loaded =>
        pools.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully && l.Value.Result is not null).Select(l => l.Value.Result!);

    /// <summary>The pool of a claim's sale, and the claim; null when the customer has no such claim.</summary>
    internal async Task<(SalePool Pool, WonClaim Claim)?> FindClaim(Guid id, string customer, CancellationToken ct)
    {
        foreach (var loaded in Loaded)
        {
            if (loaded.Claim(id) is { } known)
            {
                return known.Shopper.Id == customer ? (loaded, known) : null;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var sale = await db.SaleClaims.AsNoTracking().Where(c => c.Id == id && c.CustomerId == customer).Select(c => (Slug?)c.Sale).FirstOrDefaultAsync(ct);
        if (sale is not { } code || await Pool(code.Value) is not { } pool)
        {
            return null;
        }

        if (pool.Claim(id) is null && Shared)
        {
            await ShopperSync.Run(this, pool, pool.ShopperOf(customer)); // Won on another server since this one read the sale.
        }

        return pool.Claim(id) is { } claim ? (pool, claim) : null;
    }

    /// <summary>Whether the customer's e-mail address is confirmed, from the database (one lookup by primary key).</summary>
    /// <summary>Whether the customer's address is confirmed; null when the database cannot say (it is away).</summary>
    internal async Task<bool?> EmailConfirmed(string customer)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
            return await db.Users.AsNoTracking().Where(u => u.Id == customer).Select(u => u.EmailConfirmed).FirstOrDefaultAsync();
        }
        catch (System.Data.Common.DbException)
        {
            // The database is away: the claim is answered "try again", never a 500.
            return null;
        }
    }

    /// <summary>Reads the sales opening within a minute (or open), so their openings are drawn on time.</summary>
    public async Task LoadSoon(CancellationToken ct)
    {
        var at = Environment.TickCount64;
        if (at - Interlocked.Read(ref lastLoadSoon) < 10_000)
        {
            return; // Every ten seconds is soon enough: the ticker asks every thirty, pages and /api/me/claims on every view.
        }

        Interlocked.Exchange(ref lastLoadSoon, at);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var now = clock.Now();
        var soon = now + Duration.FromMinutes(1);
        var codes = await db.FlashSales.AsNoTracking().Where(s => s.OpensAt <= soon && s.ClosesAt > now).Select(s => s.Code).ToListAsync(ct);
        var unpaid = await db.SaleClaims.AsNoTracking().Where(c => c.Status == ClaimStatus.Won).Select(c => c.Sale).Distinct().ToListAsync(ct);
        var ordered = await db.SaleClaims.AsNoTracking().Where(c => c.Status == ClaimStatus.Ordered)
            .Join(db.Orders.AsNoTracking().Where(o => o.PaidAt == null && o.Status == Orders.OrderStatus.Placed), c => c.OrderId, o => o.Id, (c, o) => c.Sale).Distinct().ToListAsync(ct);
        foreach (var code in codes.Concat(unpaid).Concat(ordered).Distinct())
        {
            await Pool(code.Value);
        }
    }

    /// <summary>
    /// Reads a sale's pool on the writer, between two batches, so no claim can be committed while it is read and missed
    /// by it. Synchronous queries: the writer's thread blocks on its statements (decision 8).
    /// </summary>
    private async Task<SalePool?> Load(string code)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return null;
        }

        var read = await writer.Write<SalePool?>(batch => Read(batch, slug.Value, writer, clock.Now()));
        return read.IsSuccess ? read.Value : throw new InvalidOperationException(read.Error.Message);
    }

    /// <summary>The allocation a sale draws from (for giving back a block of a sale this server has not read).</summary>
    internal static async Task<long> AllocationOf(Batch batch, string code) =>
        await batch.Db.FlashSales.AsNoTracking().Where(s => s.Code == Slug.Parse(code).Value)
            .Join(batch.Db.Allocations.AsNoTracking(), s => new { s.Sku, s.Location, s.Channel }, a => new { a.Sku, a.Location, a.Channel }, (s, a) => a.Id)
            .FirstAsync();

    private static async Task<Result<SalePool?>> Read(Batch batch, Slug code, GroupCommit writer, Instant now)
    {
        var db = batch.Db;
        var sale = db.FlashSales.AsNoTracking().FirstOrDefault(s => s.Code == code);
        if (sale is null)
        {
            return (SalePool?)null;
        }

        var launch = db.LaunchEvents.AsNoTracking().FirstOrDefault(l => l.Code == sale.Launch);
        var market = launch is null ? null : db.Markets.AsNoTracking().FirstOrDefault(m => m.Code == launch.Market);
        var allocation = db.Allocations.AsNoTracking().Where(a => a.Sku == sale.Sku && a.Location == sale.Location && a.Channel == sale.Channel).Select(a => (long?)a.Id).FirstOrDefault();
        if (market is null || allocation is null)
        {
            // A sale whose launch, market or allocation is gone: an error for this sale, not a failure of the writer's batch.
            return Error.Conflict("sale.broken", $"Sale {code} has no launch, market or allocation any more.");
        }

        var unleased = sale.Units - sale.Leased;
        if (batch.IsSqlite && await LeaseRows.EndAll(batch, code.Value) is var back and > 0)
        {
            // This server holds the file alone: blocks still leased are its own, from before a restart (or a pool replaced).
            await FlashSaleRows.Unlease(batch, code.Value, back);
            await Inventory.AllocationRows.Release(batch, allocation.Value, back);
            unleased += back;
        }

        var claims = db.SaleClaims.AsNoTracking().Where(c => c.Sale == sale.Code).ToList();
        var pool = new SalePool(sale, allocation.Value, unleased) { ReadAt = writer.Uncertain, Writer = writer, Market = market.Code, Zone = market.Zone, Shared = !batch.IsSqlite };
        foreach (var registration in db.SaleRegistrations.AsNoTracking().Where(r => r.Sale == sale.Code).Select(r => r.CustomerId).ToList())
        {
            pool.LoadRegistration(registration);
        }

        foreach (var entry in db.SaleEntries.AsNoTracking().Where(e => e.Sale == sale.Code).OrderBy(e => e.JoinedAt).ToList())
        {
            pool.LoadEntry(entry.CustomerId, entry.JoinedAt, entry.Position);
        }

        foreach (var claim in claims.OrderBy(c => c.PayBy))
        {
            pool.LoadClaim(claim.Id, claim.CustomerId, claim.Key, claim.Status, claim.Position, claim.ClaimedAt, claim.PayBy, claim.OrderId);
        }

        pool.Loaded(sale.ShuffleSeed is { } seed ? Convert.FromHexString(seed) : null, sale.Admitted, now);
        return (SalePool?)pool;
    }
}
