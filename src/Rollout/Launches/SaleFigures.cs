using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>One second of a sale: claims attempted and won.</summary>
public sealed record SaleSecond(DateTimeOffset At, long Attempts, long Won);

/// <summary>A sale as the live dashboard shows it, from memory but for the orders.</summary>
public sealed record SaleLiveResponse(
    string Sale,
    string Sku,
    string State,
    int Units,
    int UnitsLeft,
    int Claimed,
    long Admitted,
    long QueueLength,
    int WaitingForOpening,
    int Registered,
    int OrdersPlaced,
    int OrdersPaid,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    IReadOnlyList<SaleSecond> Seconds);

/// <summary>
/// What the database holds of a sale, read afresh to check that nothing was oversold, duplicated or over a limit: the
/// claims by status, the sale's and allocation's counters, the orders claims became.
/// </summary>
public sealed record SaleAuditResponse(
    string Sale,
    int Units,
    int PerCustomerLimit,
    int ClaimsWon,
    int ClaimsOrdered,
    int ClaimsExpired,
    int SaleLeasedCounter,
    int UnitsInLeases,
    int AllocationQuantity,
    int AllocationReserved,
    int AllocationSold,
    int OrdersPlaced,
    int OrdersPaid,
    int Oversold,
    int Duplicates,
    int CustomersOverLimit,
    bool Consistent);

/// <summary>A committed claim, for checking answers against the database.</summary>
public sealed record SaleClaimRow(Guid Id, string CustomerId, string Key, string Status, Guid? OrderId);

public static class SaleFigures
{
    public static async Task<Result<SaleLiveResponse>> Live(string sale, LaunchBook book, RolloutDb db, CancellationToken ct)
    {
        if (await book.Pool(sale) is not { } pool)
        {
            return ClaimUnit.NoSale(sale);
        }

        var now = book.Clock.Now();
        var (placed, paid) = await OrdersOf(pool.Sale.Code, db, ct);
        var s = pool.Sale;
        return new SaleLiveResponse(
            s.Code.Value, s.Sku.Value, WaitingRoom.State(pool, now), s.Units, Math.Max(0, pool.UnitsLeft), s.Units - Math.Max(0, pool.UnitsLeft), pool.Admitted, pool.QueueLength,
            pool.DrawCommitted ? 0 : pool.EarlyJoiners, pool.Registered, placed, paid, s.OpensAt.ToDateTimeOffset(), s.ClosesAt.ToDateTimeOffset(),
            await Seconds(pool, book, db, now, ct));
    }

    /// <summary>
    /// The last minute, second by second: attempts this server saw, and claims won. Where several servers sell the sale
    /// (PostgreSQL) the wins are every server's, counted from the claims' rows of the last minute.
    /// </summary>
    private static async Task<List<SaleSecond>> Seconds(SalePool pool, LaunchBook book, RolloutDb db, Instant now, CancellationToken ct)
    {
        var local = pool.Rates.Last(now, 60);
        if (!book.Shared)
        {
            return [.. local.Select(r => new SaleSecond(r.Second.ToDateTimeOffset(), r.Attempts, r.Won))];
        }

        var from = local[0].Second;
        var won = (await db.SaleClaims.AsNoTracking().Where(c => c.Sale == pool.Sale.Code && c.ClaimedAt >= from && c.ClaimedAt < now).Select(c => c.ClaimedAt).ToListAsync(ct))
            .CountBy(at => at.ToUnixTimeSeconds()).ToDictionary();
        return [.. local.Select(r => new SaleSecond(r.Second.ToDateTimeOffset(), r.Attempts, won.GetValueOrDefault(r.Second.ToUnixTimeSeconds())))];
    }

    public static async Task<Result<SaleAuditResponse>> Audit(string sale, RolloutDb db, CancellationToken ct)
    {
        // One snapshot on PostgreSQL, where other servers' blocks move while it reads (SQLite's one server moves them only
        // at a restart or a close, and a transaction there would take the write lock).
        await using var snapshot = db.Database.IsSqlite() ? null : await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var code = Slug.Parse(sale);
        if ((code.IsSuccess ? await db.FlashSales.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code.Value, ct) : null) is not { } s)
        {
            return ClaimUnit.NoSale(sale);
        }

        var claims = await db.SaleClaims.AsNoTracking().Where(c => c.Sale == s.Code).Select(c => new { c.CustomerId, c.Key, c.Status, c.OrderId }).ToListAsync(ct);
        var allocation = await db.Allocations.AsNoTracking().FirstAsync(a => a.Sku == s.Sku && a.Location == s.Location && a.Channel == s.Channel, ct);
        var (placed, paid) = await OrdersOf(s.Code, db, ct);
        var held = claims.Count(c => c.Status != ClaimStatus.Expired);
        var inLeases = await db.SaleLeases.AsNoTracking().Where(l => l.Sale == s.Code).SumAsync(l => l.Units - l.Used, ct);
        var oversold = Math.Max(0, held - s.Units) + Math.Max(0, allocation.Reserved + allocation.Sold - allocation.Quantity);
        var duplicates = (claims.Count - claims.Select(c => (c.CustomerId, c.Key)).Distinct().Count())
            + (claims.Count(c => c.OrderId is not null) - claims.Where(c => c.OrderId is not null).Select(c => c.OrderId).Distinct().Count());
        var overLimit = claims.Where(c => c.Status != ClaimStatus.Expired).GroupBy(c => c.CustomerId).Count(g => g.Count() > s.PerCustomerLimit);
        return new SaleAuditResponse(
            s.Code.Value, s.Units, s.PerCustomerLimit, claims.Count(c => c.Status == ClaimStatus.Won), claims.Count(c => c.Status == ClaimStatus.Ordered), claims.Count(c => c.Status == ClaimStatus.Expired),
            s.Leased, inLeases, allocation.Quantity, allocation.Reserved, allocation.Sold, placed, paid, oversold, duplicates, overLimit,
            oversold == 0 && duplicates == 0 && overLimit == 0 && s.Leased == held + inLeases);
    }

    public static async Task<Result<IReadOnlyList<SaleClaimRow>>> Claims(string sale, RolloutDb db, CancellationToken ct)
    {
        var code = Slug.Parse(sale);
        if (!code.IsSuccess || !await db.FlashSales.AnyAsync(s => s.Code == code.Value, ct))
        {
            return ClaimUnit.NoSale(sale);
        }

        var rows = await db.SaleClaims.AsNoTracking().Where(c => c.Sale == code.Value).Select(c => new { c.Id, c.CustomerId, c.Key, c.Status, c.OrderId }).ToListAsync(ct);
        return rows.Select(c => new SaleClaimRow(c.Id, c.CustomerId, c.Key, c.Status.ToString().ToLowerInvariant(), c.OrderId)).ToList();
    }

    private static async Task<(int Placed, int Paid)> OrdersOf(Slug sale, RolloutDb db, CancellationToken ct)
    {
        var orders = db.SaleClaims.AsNoTracking().Where(c => c.Sale == sale && c.OrderId != null)
            .Join(db.Orders.AsNoTracking(), c => c.OrderId, o => o.Id, (c, o) => o);
        return (await orders.CountAsync(ct), await orders.CountAsync(o => o.PaidAt != null, ct));
    }
}
