using System.Threading.RateLimiting;
using Rollout.Budgets;

namespace Rollout.Server.Http;

/// <summary>
/// A limit that promises a figure across every server of one PostgreSQL database (a partner's API requests per
/// minute: docs/decisions/0018-several-servers.md). The window is fixed (the minute by the servers' clocks, which must
/// agree, as NTP keeps them); the database counts the window's permits, and each server takes them in blocks of an
/// eighth of the limit, spends them from memory, and takes the next block when it runs out. So every server together
/// never grants more than the limit in one window, and each pays one statement per block, not per request. What a
/// server took and did not spend before the window ended is lost: the caller may get up to one block per server less
/// than the limit in a window, never more. Like the token bucket it replaces (which holds the limit and refills it
/// over the window), a caller may be granted up to twice the limit in a minute that straddles two windows.
/// </summary>
public sealed class SharedBudget : RateLimiter
{
    private readonly RateLimit limit;
    private readonly string caller;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim taking = new(1, 1);
    private readonly Lock gate = new();
    private long window = -1;
    private int left;
    private long lastUsed = Environment.TickCount64;

    public SharedBudget(RateLimit limit, string caller, IServiceScopeFactory scopes, TimeProvider clock)
    {
        (this.limit, this.caller, this.scopes, this.clock) = (limit, caller, scopes, clock);
    }

    /// <summary>How many permits a server takes from the database at once: an eighth of the limit, at least one.</summary>
    public int Block => Math.Max(1, limit.Permits / 8);

    public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Spend(Now()) ? Granted.Lease : Refused(Now());

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var now = Now();
        if (Spend(now))
        {
            return Granted.Lease;
        }

        await taking.WaitAsync(cancellationToken);
        try
        {
            if (Spend(now))
            {
                return Granted.Lease; // Another request took a block meanwhile.
            }

            await using var scope = scopes.CreateAsyncScope();
            using var batch = new Batch(scope.ServiceProvider.GetRequiredService<RolloutDb>());
            var granted = await BudgetRows.Take(batch, limit.Name, caller, now, Block, limit.Permits);
            lock (gate)
            {
                (window, left) = (now, granted);
            }

            return Spend(now) ? Granted.Lease : Refused(now);
        }
        finally
        {
            taking.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            taking.Dispose();
        }

        base.Dispose(disposing);
    }

    private long Now() => clock.GetUtcNow().UtcTicks / limit.Window.Ticks;

    private bool Spend(long now)
    {
        Volatile.Write(ref lastUsed, Environment.TickCount64);
        lock (gate)
        {
            if (window != now || left == 0)
            {
                return false;
            }

            left--;
            return true;
        }
    }

    /// <summary>Refused until the next window opens.</summary>
    private Granted Refused(long now) =>
        new Granted(false, TimeSpan.FromTicks(((now + 1) * limit.Window.Ticks) - clock.GetUtcNow().UtcTicks));

    private sealed class Granted(bool acquired, TimeSpan? retryAfter = null) : RateLimitLease
    {
        public static readonly Granted Lease = new(true);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
