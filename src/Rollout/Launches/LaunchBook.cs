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
public sealed class LaunchBook(GroupCommit writer, IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SalePool?>>> pools = new(StringComparer.Ordinal);
    private long uncertainSeen;

    public GroupCommit Writer => writer;

    public TimeProvider Clock => clock;

    /// <summary>The sale's pool; null when there is no such sale.</summary>
    internal async Task<SalePool?> Pool(string code)
    {
        var uncertain = writer.Uncertain;
        if (uncertain != Interlocked.Read(ref uncertainSeen))
        {
            Interlocked.Exchange(ref uncertainSeen, uncertain);
            pools.Clear();
        }

        var lazy = pools.GetOrAdd(code, c => new Lazy<Task<SalePool?>>(() => Load(c, uncertain)));
        var pool = await lazy.Value;
        if (pool is null)
        {
            pools.TryRemove(new KeyValuePair<string, Lazy<Task<SalePool?>>>(code, lazy)); // A sale made later is read then.
        }

        return pool;
    }

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
        return sale is { } code && await Pool(code.Value) is { } pool && pool.Claim(id) is { } claim ? (pool, claim) : null;
    }

    /// <summary>Reads the sales opening within a minute (or open), so their openings are drawn on time.</summary>
    public async Task LoadSoon(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var now = clock.Now();
        var soon = now + Duration.FromMinutes(1);
        var codes = await db.FlashSales.AsNoTracking().Where(s => s.OpensAt <= soon && s.ClosesAt > now).Select(s => s.Code).ToListAsync(ct);
        var unpaid = await db.SaleClaims.AsNoTracking().Where(c => c.Status == ClaimStatus.Won).Select(c => c.Sale).Distinct().ToListAsync(ct);
        foreach (var code in codes.Concat(unpaid).Distinct())
        {
            await Pool(code.Value);
        }
    }

    private async Task<SalePool?> Load(string code, long uncertain)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var sale = await db.FlashSales.AsNoTracking().FirstOrDefaultAsync(s => s.Code == slug.Value);
        if (sale is null)
        {
            return null;
        }

        var launch = await db.LaunchEvents.AsNoTracking().FirstAsync(l => l.Code == sale.Launch);
        var market = await db.Markets.AsNoTracking().FirstAsync(m => m.Code == launch.Market);
        var allocation = await db.Allocations.AsNoTracking().Where(a => a.Sku == sale.Sku && a.Location == sale.Location && a.Channel == sale.Channel).Select(a => a.Id).FirstAsync();
        var claims = await db.SaleClaims.AsNoTracking().Where(c => c.Sale == sale.Code).ToListAsync();
        var taken = claims.Count(c => c.Status != ClaimStatus.Expired);
        var pool = new SalePool(sale, allocation, sale.Units - taken) { ReadAt = uncertain, Market = market.Code, Zone = market.Zone };
        foreach (var registration in await db.SaleRegistrations.AsNoTracking().Where(r => r.Sale == sale.Code).Select(r => r.CustomerId).ToListAsync())
        {
            pool.LoadRegistration(registration);
        }

        foreach (var entry in await db.SaleEntries.AsNoTracking().Where(e => e.Sale == sale.Code).OrderBy(e => e.JoinedAt).ToListAsync())
        {
            pool.LoadEntry(entry.CustomerId, entry.JoinedAt, entry.Position);
        }

        foreach (var claim in claims.OrderBy(c => c.PayBy))
        {
            pool.LoadClaim(claim.Id, claim.CustomerId, claim.Key, claim.Status, claim.Position, claim.ClaimedAt, claim.PayBy, claim.OrderId);
        }

        pool.Loaded(sale.ShuffleSeed is { } seed ? Convert.FromHexString(seed) : null, clock.Now());
        return pool;
    }
}
