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
/// database. Carts are therefore served by one server process at a time (see docs/decisions/0008-group-commit.md).
/// </summary>
public sealed class CartBook(GroupCommit writer, SellingDataSource selling, SoldOutMemo soldOut, CheckoutOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private readonly ConcurrentDictionary<Guid, Entry> carts = new();
    private long prunedAt = Stopwatch.GetTimestamp();

    public GroupCommit Writer => writer;

    public TimeProvider Clock => clock;

    public CheckoutOptions Options => options;

    public SoldOutMemo SoldOut => soldOut;

    public Task<SellingData> Data(RolloutDb db, CancellationToken ct) => selling.Current(db, ct);

    /// <summary>A cart just written: kept in memory with no holds yet.</summary>
    internal void Add(Cart cart) => carts[cart.Id] = new Entry { Cart = cart, Loaded = true, LastUsed = Stopwatch.GetTimestamp() };

    /// <summary>
    /// Runs <paramref name="work"/> on the cart, alone: it is read from the database if not in memory, and dropped from
    /// memory if the work throws (so a half-known state is read again next time). A cart of someone else is a 404.
    /// </summary>
    internal async Task<Result<T>> With<T>(Guid id, string? customerId, RolloutDb db, Func<Entry, SellingData, Task<Result<T>>> work, CancellationToken ct)
    {
        Prune();
        var entry = carts.GetOrAdd(id, _ => new Entry());
        await entry.Lock.WaitAsync(ct);
        try
        {
            entry.LastUsed = Stopwatch.GetTimestamp();
            if (!entry.Loaded)
            {
                await Load(id, entry, db, ct);
            }

            if (entry.Cart is not { } cart || !cart.IsOpenTo(customerId))
            {
                return Error.NotFound("cart.not_found", $"There is no cart {id} of yours.");
            }

            return await work(entry, await selling.Current(db, ct));
        }
        catch
        {
            carts.TryRemove(id, out _);
            throw;
        }
        finally
        {
            entry.Lock.Release();
        }
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
            entry.Holds = (await db.Reservations.AsNoTracking().Where(r => r.Holder == holder && r.Status == ReservationStatus.Held).ToListAsync(ct))
                .Select(r => new Held(r.Id, r.Sku, r.Location, r.AllocationId, r.Quantity, r.ExpiresAt))
                .ToDictionary(h => h.Sku);
            var (from, to) = ($"line:{id:N}:", $"cart:{id:N}:");
            entry.Answers = (await db.IdempotentRequests.AsNoTracking()
                    .Where(r => r.Response != null && (r.Key.StartsWith(from) || r.Key.StartsWith(to)))
                    .ToListAsync(ct))
                .ToDictionary(r => r.Key, r => new Answer(r.RequestHash, r.Response!));
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
            if (Stopwatch.GetElapsedTime(entry.LastUsed) > Idle && entry.Lock.CurrentCount == 1)
            {
                carts.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The first answer to an idempotent write, as JSON, with the hash of the request it answered.</summary>
    internal sealed record Answer(string RequestHash, string Response)
    {
        public static Answer Of<T>(string hash, T response) => new(hash, JsonSerializer.Serialize(response));

        /// <summary>Stores the answer in the write's batch, so it is durable with the write it answers.</summary>
        public Task Store(Batch batch, string scoped, Instant now) =>
            batch.Later("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Response", "Owner", "CreatedAt") VALUES (@p0, @p1, @p2, '', @p3)""", scoped, RequestHash, Response, now);
    }

    /// <summary>One cart as this server knows it.</summary>
    internal sealed class Entry
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public bool Loaded { get; set; }

        public long LastUsed { get; set; }

        /// <summary>The cart as last committed; null when there is no such cart.</summary>
        public Cart? Cart { get; set; }

        /// <summary>The cart's live holds, by variant.</summary>
        public Dictionary<Sku, Held> Holds { get; set; } = [];

        /// <summary>Answers to the cart's idempotent writes, by scoped key.</summary>
        public Dictionary<string, Answer> Answers { get; set; } = [];

        /// <summary>
        /// The first answer to <paramref name="scoped"/> replayed, a 422 if it answered another request, or null when
        /// the key is new (or its first request was refused, which is not remembered).
        /// </summary>
        public Result<T>? Replay<T>(string scoped, string hash)
        {
            if (!Answers.TryGetValue(scoped, out var answer))
            {
                return null;
            }

            return answer.RequestHash == hash ? JsonSerializer.Deserialize<T>(answer.Response)! : Idempotency.Mismatch;
        }
    }
}
