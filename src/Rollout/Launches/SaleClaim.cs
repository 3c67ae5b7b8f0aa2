namespace Rollout.Launches;

/// <summary>Where a won claim stands: its unit is held until it becomes an order or its time to pay runs out.</summary>
public enum ClaimStatus
{
    Won,
    Ordered,
    Expired,
}

/// <summary>
/// A unit of a flash sale won by a customer: held for them (counted in the allocation's reserved units and the sale's
/// claimed units) until they check it out as an order or <see cref="PayBy"/> passes. Only won claims are written;
/// the other answers (sold out, over the limit, queued...) change nothing. A customer's Idempotency-Key names one
/// attempt: the same key never wins twice.
/// </summary>
public sealed class SaleClaim
{
    private SaleClaim()
    {
    }

    public Guid Id { get; private set; }

    public Slug Sale { get; private set; }

    public string CustomerId { get; private set; } = "";

    public string Key { get; private set; } = "";

    public ClaimStatus Status { get; private set; }

    /// <summary>The customer's place in the waiting room when they won.</summary>
    public long Position { get; private set; }

    public Instant ClaimedAt { get; private set; }

    public Instant PayBy { get; private set; }

    public Guid? OrderId { get; private set; }
}

/// <summary>A customer registered for a flash sale that requires it, before its deadline.</summary>
public sealed class SaleRegistration
{
    private SaleRegistration()
    {
    }

    public Slug Sale { get; private set; }

    public string CustomerId { get; private set; } = "";

    public Instant RegisteredAt { get; private set; }
}

/// <summary>
/// A customer in a flash sale's waiting room. Those who joined before the opening have no position stored: the
/// sale's shuffle seed orders them. Those who came later are numbered in the order they came.
/// </summary>
public sealed class SaleEntry
{
    private SaleEntry()
    {
    }

    public Slug Sale { get; private set; }

    public string CustomerId { get; private set; } = "";

    public Instant JoinedAt { get; private set; }

    public long? Position { get; private set; }

    /// <summary>
    /// The customer's units won and not expired, on every server (PostgreSQL; see <see cref="EntryRows.Count"/>): the
    /// per-customer limit holds in the database, whichever servers the customer's claims reach.
    /// </summary>
    public int Claimed { get; private set; }

    /// <summary>When the shared waiting room admitted the customer (several servers): their turn to claim runs from it.</summary>
    public Instant? AdmittedAt { get; private set; }

    /// <summary>When the customer first won a unit of the sale (several servers): their turn is taken.</summary>
    public Instant? WonAt { get; private set; }
}
