using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>A customer as a flash sale knows them: registered, in the waiting room, what they have won.</summary>
internal sealed class Shopper(string id)
{
    public string Id => id;

    public bool Registered { get; set; }

    /// <summary>
    /// Where several servers sell the sale: when this server last read the customer's registration and claims from the
    /// database (<see cref="Environment.TickCount64"/>; 0 never), and whether it must read them before trusting memory
    /// again (a write of theirs failed, or the database refused them a unit memory would have given).
    /// </summary>
    public long SyncedAt { get; set; }

    public volatile bool Stale;

    /// <summary>Joined the waiting room before the opening (ordered by the shuffle, not by arrival).</summary>
    public bool Early { get; set; }

    /// <summary>Place in the waiting room, from 1; 0 until the customer has one.</summary>
    public long Position { get; set; }

    /// <summary>Whether the database knows the customer's place (an entry row, or the shuffle for an early one).</summary>
    public bool PositionStored { get; set; }

    /// <summary>Several servers: when this server last read the customer's entry and found no place (<see cref="Environment.TickCount64"/>; 0 never).</summary>
    public long PlaceReadAt { get; set; }

    /// <summary>Units won and not expired; never more than the sale's limit.</summary>
    public int Active { get; set; }

    /// <summary>
    /// Known to have a confirmed e-mail address (a sale that requires one asked once; see <see cref="ConfirmedEmail"/>);
    /// only ever turns true, so a request thread may set it.
    /// </summary>
    public bool EmailConfirmed { get; set; }

    /// <summary>Has won at least once: their turn in the waiting room was taken.</summary>
    public bool EverWon { get; set; }

    /// <summary>Was admitted and let the turn pass without winning; the room moved on.</summary>
    public bool Passed { get; set; }

    /// <summary>The customer's won claims by Idempotency-Key.</summary>
    public ConcurrentDictionary<string, WonClaim> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>On the writer: registered for the sale (undone if the write fails).</summary>
    public void Register(Batch batch)
    {
        Registered = true;
        batch.Undo(() => Registered = false);
    }

    /// <summary>On the writer: the customer's place is written (undone if the write fails).</summary>
    public void PositionSaved(Batch batch)
    {
        PositionStored = true;
        batch.Undo(() => PositionStored = false);
    }
}

/// <summary>A won claim as the writer keeps it; <see cref="Committed"/> once the answer "won" may be given.</summary>
internal sealed class WonClaim(Guid id, Shopper shopper, string key, long position, Instant claimedAt, Instant payBy)
{
    private volatile bool committed;

    public Guid Id => id;

    public Shopper Shopper => shopper;

    public string Key => key;

    public long Position => position;

    public Instant ClaimedAt => claimedAt;

    public Instant PayBy => payBy;

    public ClaimStatus Status { get; set; } = ClaimStatus.Won;

    public Guid? OrderId { get; set; }

    public bool Committed
    {
        get => committed;
        set => committed = value;
    }

    /// <summary>
    /// On the writer: the claim became an order. It stays due at its time to pay: an order still unpaid then is cancelled
    /// and the unit comes back.
    /// </summary>
    public void Ordered(Batch batch, Guid order)
    {
        Status = ClaimStatus.Ordered;
        OrderId = order;
        batch.Undo(() =>
        {
            Status = ClaimStatus.Won;
            OrderId = null;
        });
    }
}

/// <summary>
/// One flash sale in memory (docs/decisions/0011-launches.md): its units left, its customers (registered, placed in the
/// waiting room, their won claims and keys) and the room's admission. Counts change only on the group commit's one
/// writer, inside a write, with what to undo registered on the batch, so memory matches the database whatever fails;
/// request threads read them to answer sold out, over the limit, not registered or queued without queueing for the
/// writer, and the writer checks again before it takes a unit. Rebuilt from the committed rows after a restart.
/// </summary>
internal sealed class SalePool
{
    /// <summary>How long an admitted customer has to claim before the room moves on to the next one.</summary>
    public static readonly Duration Turn = Duration.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Shopper> shoppers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, WonClaim> claims = new();
    private readonly ConcurrentDictionary<long, Shopper> byPosition = new();
    private readonly LinkedList<WonClaim> unpaid = new();
    private readonly List<Shopper> earlyJoiners = [];
    private readonly List<(long Through, Instant At)> admissions = [];
    private readonly LaunchRates rates = new();
    private readonly List<long> retired = [];
    private int left;
    private int unleased;
    private int othersUnused;
    private long lastWonAt;
    private long lastPosition;
    private long admitted;
    private volatile bool drawCommitted;
    private int everWon;
    private int passed;
    private long passCursor;
    private int registered;
    private volatile bool replaced;
    private long firstDue = long.MaxValue;

    /// <summary>A sale's pool; <paramref name="unleased"/>: its units no server holds and no claim has, as just read.</summary>
    public SalePool(FlashSale sale, long allocation, int unleased)
    {
        Sale = sale;
        Allocation = allocation;
        this.unleased = unleased;
    }

    public FlashSale Sale { get; }

    public long Allocation { get; }

    public CountryCode Market { get; init; }

    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    public bool RequiresRegistration => Sale.RegistrationDeadline is not null;

    /// <summary>
    /// Several servers sell the sale (PostgreSQL): places come from the sale's counter (<see cref="PlaceBlock"/>), the
    /// draw orders every server's early joiners, and admission is the sale's stored watermark, raised by any server's
    /// <see cref="SharedRoom"/> keeper and read by all; this server's own counts do not move it.
    /// </summary>
    public bool Shared { get; init; }

    /// <summary>The places this server leased from the sale's counter and has not given yet (several servers).</summary>
    public PlaceBlock Block { get; } = new();

    /// <summary>Units of this server's leased block not won yet (see <see cref="SaleLease"/>).</summary>
    public int Left => Volatile.Read(ref left);

    /// <summary>The sale's units no server holds and no claim has, as last read (or learnt from a lease that failed).</summary>
    public int Unleased => Volatile.Read(ref unleased);

    /// <summary>Units this server may still sell: its block and the sale's common pool.</summary>
    public int Available => Left + Unleased;

    /// <summary>Units of the whole sale not won: this server's, the common pool's and, as last read, other servers' blocks.</summary>
    public int UnitsLeft => Available + Volatile.Read(ref othersUnused);

    /// <summary>The epoch of this server's block (0 when it holds none); its batches are fenced by it.</summary>
    public long LeaseEpoch { get; private set; }

    /// <summary>Blocks this server used up and replaced, to end at the next lease tick (their rows stay until then).</summary>
    public List<long> Retired => retired;

    /// <summary>Whether this server's block sold nothing for <paramref name="idleMs"/> milliseconds (it is then given back).</summary>
    public bool Idle(long idleMs) => Environment.TickCount64 - Volatile.Read(ref lastWonAt) >= idleMs;

    public long Admitted => Volatile.Read(ref admitted);

    public long LastPosition => Interlocked.Read(ref lastPosition);

    /// <summary>Customers placed behind the last admitted one.</summary>
    public long QueueLength => Math.Max(0, LastPosition - Admitted);

    /// <summary>Customers waiting for the opening (their order is drawn then).</summary>
    public int EarlyJoiners => earlyJoiners.Count;

    public int Registered => Volatile.Read(ref registered);

    /// <summary>
    /// This pool was replaced by one read afresh from the database (after a commit of unknown outcome): a write that
    /// still holds it is refused, so nothing is written through a pool that no longer matches the database.
    /// </summary>
    public bool Replaced => replaced || (Writer is { } writer && writer.Uncertain != ReadAt);

    public void Replace() => replaced = true;

    public LaunchRates Rates => rates;

    /// <summary>The shuffle seed, once the writer has drawn it (<see cref="DrawCommitted"/>: once it is durable).</summary>
    public byte[]? Seed { get; private set; }

    public bool DrawCommitted => drawCommitted;

    /// <summary>Which <see cref="GroupCommit.Uncertain"/> this pool was read at (on the writer, between two batches).</summary>
    public long ReadAt { get; init; }

    /// <summary>The writer whose commits this pool follows; a commit of unknown outcome since <see cref="ReadAt"/> makes it stale.</summary>
    public GroupCommit? Writer { get; init; }

    /// <summary>How far admission is stored in the sale's row.</summary>
    public long SavedAdmitted { get; private set; }

    /// <summary>On the writer: admission stored up to <paramref name="through"/> (undone if the batch is not committed).</summary>
    public void AdmissionSaved(Batch batch, long through)
    {
        var before = SavedAdmitted;
        SavedAdmitted = through;
        batch.Undo(() => SavedAdmitted = before);
    }

    public Shopper ShopperOf(string customer) => shoppers.GetOrAdd(customer, id => new Shopper(id));

    public Shopper? Known(string customer) => shoppers.GetValueOrDefault(customer);

    public WonClaim? Claim(Guid id) => claims.GetValueOrDefault(id);

    public IEnumerable<WonClaim> ClaimsOf(string customer) => shoppers.TryGetValue(customer, out var s) ? s.Keys.Values.Where(c => c.Committed) : [];

    /// <summary>
    /// Whether the ticker has anything to do on the writer: an opening to draw, a won claim whose time is up, or customers
    /// queued whose turn may come (read from any thread; a quiet sale costs the writer nothing).
    /// </summary>
    public bool NeedsTick(Instant now) =>
        (now >= Sale.OpensAt && !DrawCommitted) || Volatile.Read(ref firstDue) <= now.ToUnixTimeTicks() || (DrawCommitted && QueueLength > 0);

    // ---- Rebuilding from committed rows (before the pool is shared) ----

    public void LoadRegistration(string customer)
    {
        ShopperOf(customer).Registered = true;
        registered++;
    }

    public void LoadEntry(string customer, Instant joinedAt, long? position)
    {
        var s = ShopperOf(customer);
        s.PositionStored = true;
        if (position is { } at)
        {
            Place(s, at);
        }
        else if (joinedAt < Sale.OpensAt)
        {
            s.Early = true;
            earlyJoiners.Add(s);
        }
    }

    public void LoadClaim(Guid id, string customer, string key, ClaimStatus status, long position, Instant claimedAt, Instant payBy, Guid? order) =>
        Add(ShopperOf(customer), id, key, status, position, claimedAt, payBy, order, loading: true);

    /// <summary>
    /// On the writer: a claim of the customer's as the database holds it, which another server may have written or
    /// changed (won, ordered, expired there), merged into memory. Memory only learns what was committed, so nothing is
    /// undone if the batch fails.
    /// </summary>
    public void Learn(Shopper s, Guid id, string key, ClaimStatus status, long position, Instant claimedAt, Instant payBy, Guid? order)
    {
        if (!claims.TryGetValue(id, out var known))
        {
            Add(s, id, key, status, position, claimedAt, payBy, order, loading: false);
            return;
        }

        s.Keys.TryAdd(key, known);

        if (status == ClaimStatus.Expired && known.Status != ClaimStatus.Expired)
        {
            known.Status = ClaimStatus.Expired;
            s.Active--;
            unpaid.Remove(known);
            Touched();
        }
        else if (status == ClaimStatus.Ordered && known.Status == ClaimStatus.Won)
        {
            known.Status = ClaimStatus.Ordered;
            known.OrderId = order;
        }
    }

    /// <summary>On the writer: the customer's registration, as the database holds it.</summary>
    public void LearnRegistered(Shopper s)
    {
        if (!s.Registered)
        {
            s.Registered = true;
            Interlocked.Increment(ref registered);
        }
    }

    private void Add(Shopper s, Guid id, string key, ClaimStatus status, long position, Instant claimedAt, Instant payBy, Guid? order, bool loading)
    {
        var claim = new WonClaim(id, s, key, position, claimedAt, payBy) { Status = status, OrderId = order, Committed = true };
        s.Keys[key] = claim;
        claims[id] = claim;
        if (!s.EverWon)
        {
            s.EverWon = true;
            everWon++;
        }

        if (status != ClaimStatus.Expired)
        {
            s.Active++;
        }

        if (status is ClaimStatus.Won or ClaimStatus.Ordered)
        {
            if (loading)
            {
                unpaid.AddLast(claim); // Loaded in order of PayBy; an ordered one leaves the list once its order is seen paid.
            }
            else
            {
                Reinsert(claim);
            }
        }

        if (loading && s.Position == 0 && position > 0)
        {
            s.PositionStored = true;
            Place(s, position);
        }
    }

    /// <summary>After loading: the shuffle drawn at the opening, if it was, and the room's admission.</summary>
    public void Loaded(byte[]? seed, long storedAdmitted, Instant now)
    {
        SavedAdmitted = storedAdmitted;
        Touched(); // The claims loaded to expire: the ticker must see them.
        if (seed is not null)
        {
            Drawn(seed);
            drawCommitted = true;
            // Several servers: the stored watermark is the room's; this server's counts are not the whole sale's.
            admitted = Shared ? storedAdmitted : Math.Max(Math.Max(everWon + Available, storedAdmitted), claims.Values.Select(c => c.Position).DefaultIfEmpty(0).Max());
            admissions.Add((admitted, now));
        }
    }

    // ---- Writer only: each change registered with the batch, undone if the write or its batch fails ----

    /// <summary>A unit taken for a customer (the statements are the caller's).</summary>
    public void Won(Batch batch, WonClaim claim)
    {
        var s = claim.Shopper;
        var wasWon = s.EverWon;
        var first = !wasWon && !s.Passed;
        left--;
        Volatile.Write(ref lastWonAt, Environment.TickCount64);
        s.Active++;
        s.EverWon = true;
        if (first)
        {
            everWon++;
        }

        s.Keys[claim.Key] = claim;
        claims[claim.Id] = claim;
        var node = unpaid.AddLast(claim);
        Touched();
        rates.Won(claim.ClaimedAt);
        batch.Undo(() =>
        {
            left++;
            s.Active--;
            s.EverWon = wasWon;
            if (first)
            {
                everWon--;
            }

            s.Keys.TryRemove(KeyValuePair.Create(claim.Key, claim)); // Not a claim of that key learnt from another server meanwhile.
            claims.TryRemove(claim.Id, out _);
            unpaid.Remove(node);
            Touched();
            rates.Won(claim.ClaimedAt, -1);
        });
    }

    /// <summary>The database has fewer units unleased than memory thought (kept whatever becomes of the write: it was read).</summary>
    public void Unleasable(int known) => Volatile.Write(ref unleased, known);

    /// <summary>On the writer: a block leased for this server; the one it replaces was used up and is ended at the next tick.</summary>
    public void Leased(Batch batch, long epoch, int units)
    {
        var (was, wasLeft) = (LeaseEpoch, left);
        if (was != 0)
        {
            retired.Add(was);
        }

        LeaseEpoch = epoch;
        left = units;
        unleased -= units;
        Volatile.Write(ref lastWonAt, Environment.TickCount64); // A block just leased is not idle.
        batch.Undo(() =>
        {
            if (was != 0)
            {
                retired.Remove(was);
            }

            LeaseEpoch = was;
            left = wasLeft;
            unleased += units;
        });
    }

    /// <summary>On the writer: this server's block was given back (its unused units are in the common pool again).</summary>
    public void LeaseEnded(Batch batch, int back)
    {
        var (was, wasLeft) = (LeaseEpoch, left);
        LeaseEpoch = 0;
        left = 0;
        unleased += back;
        batch.Undo(() =>
        {
            LeaseEpoch = was;
            left = wasLeft;
            unleased -= back;
        });
    }

    /// <summary>
    /// This server's block is gone from the database (it ran out unrenewed and another server reaped it, returning its
    /// unused units): nothing more is sold from it. Learnt from the database, so kept whatever becomes of the write.
    /// </summary>
    public void LeaseLost()
    {
        LeaseEpoch = 0;
        left = 0;
    }

    private long reapedEpoch;

    /// <summary>Any thread: this server's block of <paramref name="epoch"/> was found reaped (its renewal changed nothing).</summary>
    public void Reaped(long epoch) => Interlocked.Exchange(ref reapedEpoch, epoch);

    /// <summary>Whether the block this server holds was found reaped.</summary>
    public bool WasReaped => LeaseEpoch != 0 && Interlocked.Read(ref reapedEpoch) == LeaseEpoch;

    /// <summary>The sale's common pool and the units unused in other servers' blocks, as just read.</summary>
    public void Refreshed(int unleasedNow, int othersUnusedNow)
    {
        Volatile.Write(ref unleased, unleasedNow);
        Volatile.Write(ref othersUnused, Math.Max(0, othersUnusedNow));
    }

    /// <summary>The won or ordered claims whose time to pay is over, oldest first (still in the list until <see cref="Expired"/> or <see cref="NoLongerDue"/>).</summary>
    public List<WonClaim> Due(Instant now) => [.. unpaid.TakeWhile(c => c.PayBy <= now)];

    /// <summary>A customer registered (the statement is the caller's).</summary>
    public void Register(Batch batch, Shopper s)
    {
        s.Register(batch);
        Interlocked.Increment(ref registered);
        batch.Undo(() => Interlocked.Decrement(ref registered));
    }

    /// <summary>A claim the database no longer holds as won: out of the list of claims to expire.</summary>
    public void NoLongerDue(Batch batch, WonClaim claim)
    {
        unpaid.Remove(claim);
        Touched();
        batch.Undo(() => Reinsert(claim));
    }

    public void Expired(Batch batch, WonClaim claim)
    {
        var was = claim.Status;
        claim.Status = ClaimStatus.Expired;
        claim.Shopper.Active--;
        unleased++; // The unit goes back to the sale's common pool, not to this server's block.
        unpaid.Remove(claim);
        Touched();
        batch.Undo(() =>
        {
            claim.Status = was;
            claim.Shopper.Active++;
            unleased--;
            Reinsert(claim);
        });
    }

    public void JoinedEarly(Batch batch, Shopper s)
    {
        s.Early = true;
        s.PositionStored = true;
        earlyJoiners.Add(s);
        batch.Undo(() =>
        {
            s.Early = false;
            s.PositionStored = false;
            earlyJoiners.Remove(s);
        });
    }

    /// <summary>
    /// The opening's shuffle: early joiners placed in the order the seed gives them; the room's first admission unless
    /// <paramref name="admittedElsewhere"/> is the one another server stored (several servers).
    /// </summary>
    public void Draw(Batch batch, byte[] seed, Instant now, long? admittedElsewhere = null)
    {
        var (wasAdmitted, admissionsBefore) = (admitted, admissions.Count);
        Drawn(seed);
        if (admittedElsewhere is { } through)
        {
            AdmitTo(through);
        }
        else
        {
            Admit(now);
        }

        batch.Undo(() =>
        {
            Seed = null;
            Volatile.Write(ref admitted, wasAdmitted);
            admissions.RemoveRange(admissionsBefore, admissions.Count - admissionsBefore);
            foreach (var s in earlyJoiners)
            {
                byPosition.TryRemove(s.Position, out _);
                s.Position = 0;
            }

            Interlocked.Exchange(ref lastPosition, 0);
        });
    }

    public void DrawIsDurable() => drawCommitted = true;

    /// <summary>
    /// On the writer, before the draw (several servers): every customer who joined before the opening on any server,
    /// as the database has them, so every server's shuffle orders the same customers.
    /// </summary>
    public void JoinedAtOpening(Batch batch, IEnumerable<string> customers)
    {
        var (added, before) = (new List<Shopper>(), earlyJoiners.Count);
        foreach (var customer in customers)
        {
            var s = ShopperOf(customer);
            if (!s.Early && s.Position == 0)
            {
                s.Early = true;
                s.PositionStored = true;
                earlyJoiners.Add(s);
                added.Add(s);
            }
        }

        batch.Undo(() =>
        {
            foreach (var s in added)
            {
                s.Early = false;
                s.PositionStored = false;
            }

            earlyJoiners.RemoveRange(before, earlyJoiners.Count - before); // The ones added, at the end.
        });
    }

    /// <summary>The early joiners and their drawn places (for the server that drew first to store).</summary>
    public (string[] Customers, long[] Places) EarlyPlaces() =>
        ([.. earlyJoiners.Select(s => s.Id)], [.. earlyJoiners.Select(s => s.Position)]);

    /// <summary>
    /// Admits as many customers as can still win: those who took their turn (won, or let it pass) plus one per unit
    /// left. Admission never goes back, so a customer's standing only improves.
    /// </summary>
    public bool Admit(Instant now)
    {
        var through = (long)everWon + passed + Available;
        if (through <= admitted)
        {
            return false;
        }

        Volatile.Write(ref admitted, through);
        admissions.Add((through, now));
        return true;
    }

    /// <summary>Admitted customers whose turn ran out without a win let the next ones in; whether admission moved on.</summary>
    public bool PassIdle(Instant now)
    {
        while (passCursor < Math.Min(admitted, LastPosition))
        {
            var next = passCursor + 1;
            if (AdmittedAt(next) + Turn > now)
            {
                break;
            }

            if (byPosition.TryGetValue(next, out var s) && !s.EverWon && !s.Passed)
            {
                s.Passed = true;
                passed++;
            }

            passCursor = next;
        }

        return Admit(now);
    }

    // ---- Any thread ----

    /// <summary>The shared room's admission as stored (several servers): it only moves forward.</summary>
    public void AdmitTo(long through)
    {
        long seen;
        while ((seen = Volatile.Read(ref admitted)) < through && Interlocked.CompareExchange(ref admitted, through, seen) != seen)
        {
        }
    }

    /// <summary>The last place any server gave, as stored (several servers), for the queue's length.</summary>
    public void PlacedTo(long places)
    {
        long seen;
        while ((seen = Interlocked.Read(ref lastPosition)) < places && Interlocked.CompareExchange(ref lastPosition, places, seen) != seen)
        {
        }
    }

    /// <summary>
    /// The customer's place: <paramref name="place"/> (from this server's block, several servers) unless they got one
    /// meanwhile; a place not given stays a gap the room's admission moves past.
    /// </summary>
    public long Assign(Shopper s, long place)
    {
        lock (s)
        {
            if (s.Position == 0)
            {
                Place(s, place);
            }

            return s.Position;
        }
    }

    /// <summary>The customer's place as the database has it (another server gave it, or stored it first).</summary>
    public void LearnPlace(Shopper s, long place)
    {
        lock (s)
        {
            if (s.Position != place)
            {
                if (s.Position != 0)
                {
                    byPosition.TryRemove(s.Position, out _);
                }

                Place(s, place);
            }

            s.PositionStored = true;
        }
    }

    /// <summary>On the writer: the customer joined before the opening through another server.</summary>
    public void LearnEarly(Shopper s)
    {
        if (!s.Early && s.Position == 0 && !DrawCommitted)
        {
            s.Early = true;
            s.PositionStored = true;
            earlyJoiners.Add(s);
        }
    }

    /// <summary>The customer's place, given now (the next one after everybody placed) if they have none.</summary>
    public long PositionOf(Shopper s)
    {
        lock (s)
        {
            if (s.Position == 0)
            {
                Place(s, Interlocked.Increment(ref lastPosition));
            }

            return s.Position;
        }
    }

    private void Place(Shopper s, long position)
    {
        s.Position = position;
        byPosition[position] = s;
        long seen;
        while ((seen = Interlocked.Read(ref lastPosition)) < position && Interlocked.CompareExchange(ref lastPosition, position, seen) != seen)
        {
        }
    }

    private void Drawn(byte[] seed)
    {
        Seed = seed;
        using var hmac = new HMACSHA256(seed);
        var order = earlyJoiners.Select(s => (Shopper: s, Rank: hmac.ComputeHash(Encoding.UTF8.GetBytes(s.Id)))).ToList();
        order.Sort((a, b) => a.Rank.AsSpan().SequenceCompareTo(b.Rank) is var c and not 0 ? c : string.CompareOrdinal(a.Shopper.Id, b.Shopper.Id));
        for (var i = 0; i < order.Count; i++)
        {
            Place(order[i].Shopper, i + 1);
        }
    }

    private Instant AdmittedAt(long position) => admissions.FirstOrDefault(a => a.Through >= position).At;

    /// <summary>Publishes when the first won claim runs out (to <see cref="NeedsTick"/>); the writer calls it after every change of the list.</summary>
    private void Touched() => Volatile.Write(ref firstDue, unpaid.First?.Value.PayBy.ToUnixTimeTicks() ?? long.MaxValue);

    private void Reinsert(WonClaim claim)
    {
        var after = unpaid.Last;
        while (after is not null && after.Value.PayBy > claim.PayBy)
        {
            after = after.Previous;
        }

        if (after is null)
        {
            unpaid.AddFirst(claim);
            Touched();
        }
        else
        {
            unpaid.AddAfter(after, claim);
            Touched();
        }
    }
}

/// <summary>Claims attempted and won per second over the last two minutes, for the live dashboard.</summary>
internal sealed class LaunchRates
{
    private const int Seconds = 120;
    private readonly long[] stamps = new long[Seconds];
    private readonly long[] attempts = new long[Seconds];
    private readonly long[] wins = new long[Seconds];

    public void Attempt(Instant at) => Add(attempts, at, 1);

    public void Won(Instant at, int count = 1) => Add(wins, at, count);

    /// <summary>The last <paramref name="count"/> whole seconds before <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<(Instant Second, long Attempts, long Won)> Last(Instant now, int count)
    {
        var current = now.ToUnixTimeSeconds();
        var list = new List<(Instant, long, long)>(count);
        for (var second = current - count; second < current; second++)
        {
            var i = (int)(second % Seconds);
            var fresh = Interlocked.Read(ref stamps[i]) == second;
            list.Add((Instant.FromUnixTimeSeconds(second), fresh ? Interlocked.Read(ref attempts[i]) : 0, fresh ? Interlocked.Read(ref wins[i]) : 0));
        }

        return list;
    }

    private void Add(long[] counts, Instant at, int count)
    {
        var second = at.ToUnixTimeSeconds();
        var i = (int)(second % Seconds);
        var stamp = Interlocked.Read(ref stamps[i]);
        if (stamp != second)
        {
            if (stamp > second)
            {
                return; // Too old to count.
            }

            lock (stamps)
            {
                if (stamps[i] != second)
                {
                    Interlocked.Exchange(ref attempts[i], 0);
                    Interlocked.Exchange(ref wins[i], 0);
                    Interlocked.Exchange(ref stamps[i], second);
                }
            }
        }

        Interlocked.Add(ref counts[i], count);
    }
}
