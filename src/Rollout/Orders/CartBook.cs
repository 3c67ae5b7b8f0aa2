using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Inventory;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// The carts this server is serving, in memory: each with its live holds and the answers to its idempotent writes,
/// behind a lock of its own, so one cart's calls run one at a time while different carts never wait for each other.
/// Every change is written by the <see cref="GroupCommit"/> before the shopper is answered, and the copy in memory is
/// replaced only after that commit; a cart not in memory (after a restart, or idle for a while) is read back from the
/// database (see docs/decisions/0008-group-commit.md).
/// <para>
/// On PostgreSQL other servers may serve the same cart (docs/decisions/0018-several-servers.md), so memory is
/// a cache. Every write claims the next version first (<see cref="CartRows.Claim"/>): a write from a copy that is
/// behind changes nothing, and the cart is read again and the call run once more. A read, and a call refused on what
/// this server knew, first compare the cart's version (one lookup by key), so neither answers from an old copy. A
/// server alone pays one statement per write. SQLite has one server (<see cref="SqliteServerLock"/>): its memory is
/// the cart.
/// </para>
/// </summary>
public sealed class CartBook(GroupCommit writer, SellingDataSource selling, SoldOutMemo soldOut, UnitsLeft unitsLeft, AwaitingPayment awaiting, CheckoutOptions options, TimeProvider clock, StorageOptions storage) : IDisposable
{
    internal const string SoldOutCode = "stock.sold_out";

    // Compiled once per provider, as SessionCheck's: a compiled query keeps the model it first ran with.
    private static readonly ConcurrentDictionary<Type, Func<RolloutDb, Guid, CancellationToken, Task<int>>> VersionOf = new();

    private readonly bool shared = storage.Provider == StorageProvider.Postgres;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private readonly ConcurrentDictionary<Guid, Entry> carts = new();
    private long prunedAt = Stopwatch.GetTimestamp();

    public GroupCommit Writer => writer;

    public TimeProvider Clock => clock;

    public CheckoutOptions Options => options;

    public SoldOutMemo SoldOut => soldOut;

    /// <summary>What the writer knows of the units left in each pool, so it can take them without waiting.</summary>
    public UnitsLeft UnitsLeft => unitsLeft;

    /// <summary>Where a committed order goes to wait for its payment callback.</summary>
    public AwaitingPayment Awaiting => awaiting;

    /// <summary>The units held from each client address, by the carts this server serves.</summary>
    public AddressHolds Addresses { get; } = new();

    public Task<SellingData> Data(DbOnDemand db, CancellationToken ct) => selling.Current(db, ct);

    /// <summary>A write refused because another server changed the cart since this one read it: read it again and run once more.</summary>
    internal static Error Overtaken => Error.Conflict("cart.overtaken", "The cart was changed elsewhere at the same moment; try again.");

    /// <summary>A cart just written: kept in memory with no holds yet.</summary>
    internal void Add(Cart cart) => carts[cart.Id] = new Entry { Cart = cart, Loaded = true, AllAnswersKnown = true, LastUsed = Stopwatch.GetTimestamp() };

    /// <summary>
    /// Runs <paramref name="work"/> on the cart, alone: it is read from the database if not in memory, and dropped from
    /// memory if the work throws (so a half-known state is read again next time). A cart of someone else is a 404.
    /// </summary>
    internal async Task<Result<T>> With<T>(Guid id, string? customerId, DbOnDemand db, Func<Entry, SellingData, Task<Result<T>>> work, CancellationToken ct, bool readOnly = false)
    {
        Prune();
        var entry = carts.GetOrAdd(id, _ => new Entry());
        await entry.Lock.WaitAsync(ct);
        while (entry.Forgotten)
        {
            // Pruned while this call waited for it: the cart's one entry is the one in the book now.
            entry.Lock.Release();
            entry = carts.GetOrAdd(id, _ => new Entry());
            await entry.Lock.WaitAsync(ct);
        }

        try
        {
            entry.LastUsed = Stopwatch.GetTimestamp();
            var fresh = !entry.Loaded || (shared && readOnly && await Behind(id, entry, db, ct)); // A read shows the cart as it is now.
            if (fresh)
            {
                await Load(id, entry, db.Get(), ct);
            }

            for (var attempt = 0; ; attempt++)
            {
                if (entry.Cart is not { } cart || !cart.IsOpenTo(customerId))
                {
                    return Error.NotFound("cart.not_found", $"There is no cart {id} of yours.");
                }

                var done = await work(entry, await selling.Current(db, ct));
                if (done.IsSuccess || attempt == 4)
                {
                    return done; // A write that succeeded claimed the version it read: its copy was current.
                }

                if (!await RunAgain(done.Error, id, entry, fresh, db, ct))
                {
                    return done;
                }

                await Load(id, entry, db.Get(), ct);
                fresh = true;
            }
        }
        catch
        {
            entry.Loaded = false; // Half-known after a failure: read again from the database next time.
            throw;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>
    /// Whether a refused call runs again on the cart read afresh: when another server wrote the cart while this one did
    /// (overtaken), or, on PostgreSQL, when the refusal came from a copy another server has moved on since. "Sold out"
    /// is a judgement of the stock, answered from memory for the crowd a launch brings: it is not checked (a lookup for
    /// each of them halved the checkouts per second on PostgreSQL).
    /// </summary>
    private async Task<bool> RunAgain(Error refused, Guid id, Entry entry, bool fresh, DbOnDemand db, CancellationToken ct) =>
        refused.Code == Overtaken.Code
        || (refused.Code != SoldOutCode && shared && !fresh && await Behind(id, entry, db, ct));

    /// <summary>Whether another server has changed the cart since this one read it (PostgreSQL).</summary>
    private static async Task<bool> Behind(Guid id, Entry entry, DbOnDemand db, CancellationToken ct)
    {
        var context = db.Get();
        var versionOf = VersionOf.GetOrAdd(context.GetType(), _ => EF.CompileAsyncQuery(
            (RolloutDb db, Guid id, CancellationToken _) => db.Carts.Where(c => c.Id == id).Select(c => c.Version).FirstOrDefault()));
        return entry.Cart is { } known && await versionOf(context, id, ct) != known.Version;
    }

    public void Dispose()
    {
        foreach (var entry in carts.Values)
        {
            entry.Lock.Dispose();
        }
    }

    private static async Task Load(Guid id, Entry entry, RolloutDb db, CancellationToken ct)
    {
        entry.Cart = await db.Carts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (entry.Cart is { } cart)
        {
            var holder = cart.Holder;
            // The newest live hold of each variant (an older one, changed by staff meanwhile, just runs out).
            entry.Holds = (await db.Reservations.AsNoTracking().Where(r => r.Holder == holder && r.Status == ReservationStatus.Held).ToListAsync(ct))
                .OrderBy(r => r.CreatedAt)
                .Select(Held.Of)
                .GroupBy(h => h.Sku)
                .ToDictionary(g => g.Key, g => g.Last());
            entry.Answers = []; // Answers given before are looked up by their key when a retry comes (see Replay).
            entry.AllAnswersKnown = false;
        }

        entry.Loaded = true;
    }

    /// <summary>Forgets carts idle for a while (they stay in the database), at most once a minute.</summary>
    private void Prune()
    {
        var last = Interlocked.Read(ref prunedAt);
        if (Stopwatch.GetElapsedTime(last) < TimeSpan.FromMinutes(1) || Interlocked.CompareExchange(ref prunedAt, Stopwatch.GetTimestamp(), last) != last)
        {
            return;
        }

        foreach (var (id, entry) in carts)
        {
            // Only an entry nobody holds or waits for; one whose lock a late caller then takes sees it forgotten.
            if (Stopwatch.GetElapsedTime(entry.LastUsed) > Idle && entry.Lock.Wait(0))
            {
                entry.Forgotten = true;
                carts.TryRemove(new KeyValuePair<Guid, Entry>(id, entry));
                entry.Lock.Release();
            }
        }
    }

    /// <summary>The first answer to an idempotent write, as JSON, with the hash of the request it answered.</summary>
    internal sealed record Answer(string RequestHash, string Response)
    {
        public static Answer Of<T>(string hash, T response) => new(hash, JsonSerializer.Serialize(response));

        /// <summary>Stores the answer in the write's batch, so it is durable with the write it answers.</summary>
        public Task Store(Batch batch, string scoped, Instant now) => Idempotency.Remember(batch, scoped, RequestHash, Response, now);
    }

    /// <summary>One cart as this server knows it.</summary>
    internal sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public bool Loaded { get; set; }

        /// <summary>Taken out of the book (idle); a caller that finds it so looks the cart up again.</summary>
        public bool Forgotten { get; set; }

        public long LastUsed { get; set; }

        /// <summary>The cart as last committed; null when there is no such cart.</summary>
        public Cart? Cart { get; set; }

        /// <summary>The cart's live holds, by variant.</summary>
        public Dictionary<Sku, Held> Holds { get; set; } = [];

        /// <summary>Answers to the cart's idempotent writes, by scoped key.</summary>
        public Dictionary<string, Answer> Answers { get; set; } = [];

        /// <summary>Whether every answer is in <see cref="Answers"/> (a cart opened by this process since its start).</summary>
        public bool AllAnswersKnown { get; set; }

        /// <summary>
        /// The first answer to <paramref name="scoped"/> replayed, a 422 if it answered another request, or null when
        /// the key is new (or its first request was refused, which is not remembered). A cart read back from the
        /// database looks the key up there (by its primary key) the first time.
        /// </summary>
        public async Task<Result<T>?> Replay<T>(string scoped, string hash, DbOnDemand db, CancellationToken ct)
        {
            if (!Answers.TryGetValue(scoped, out var answer) && !AllAnswersKnown
                && await Idempotency.Recall(db.Get(), scoped, ct) is { } stored)
            {
                answer = Answers[scoped] = new Answer(stored.RequestHash, stored.Response);
            }

            if (answer is null)
            {
                return null;
            }

            return Idempotency.Replay<T>(answer.RequestHash, answer.Response, hash);
        }
    }
}
