using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// What other servers did for a customer of a sale (PostgreSQL, where several servers may sell it): their
/// registration and their claims (won, ordered or expired elsewhere), read from the database off the writer and
/// merged into this server's pool on it. Read when memory is not to be trusted: after a write of theirs failed (a key
/// another server took first), when memory would refuse them (over the limit, not registered) and it last read them
/// over a second ago, and when they look for a claim this server does not know. The database's own conditions (the
/// per-customer count, the unique key) hold the guarantees; this only keeps answers right.
/// </summary>
internal static class ShopperSync
{
    /// <summary>How long a customer's state read from the database is trusted for a refusal.</summary>
    private const long FreshMs = 1_000;

    /// <summary>Whether memory's answer for the customer should be checked against the database first.</summary>
    public static bool Due(LaunchBook book, Shopper shopper, bool refusing) =>
        book.Shared && (shopper.Stale || (refusing && Environment.TickCount64 - shopper.SyncedAt > FreshMs));

    /// <summary>Reads the customer's registration and claims of the sale and merges them into the pool.</summary>
    public static async Task<Result<bool>> Run(LaunchBook book, SalePool pool, Shopper shopper)
    {
        var (registered, claims) = await Read(book, pool.Sale.Code, shopper.Id);
        return await book.Writer.Write<bool>(batch =>
        {
            if (pool.Replaced)
            {
                return Task.FromResult<Result<bool>>(LaunchBook.Reloaded);
            }

            if (registered)
            {
                pool.LearnRegistered(shopper);
            }

            foreach (var c in claims)
            {
                pool.Learn(shopper, c.Id, c.Key, c.Status, c.Position, c.ClaimedAt, c.PayBy, c.OrderId);
            }

            shopper.SyncedAt = Environment.TickCount64;
            shopper.Stale = false;
            return Task.FromResult<Result<bool>>(true);
        });
    }

    private static async Task<(bool Registered, List<SaleClaim> Claims)> Read(LaunchBook book, Slug sale, string customer)
    {
        await using var scope = book.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var registered = await db.SaleRegistrations.AsNoTracking().AnyAsync(r => r.Sale == sale && r.CustomerId == customer);
        var claims = await db.SaleClaims.AsNoTracking().Where(c => c.Sale == sale && c.CustomerId == customer).ToListAsync();
        return (registered, claims);
    }
}
