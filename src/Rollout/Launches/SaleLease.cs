namespace Rollout.Launches;

/// <summary>
/// A block of a flash sale's units leased by one server (docs/decisions/0018-several-servers.md): the server sells
/// from it without touching the sale's row, each batch fenced by the lease's <see cref="Epoch"/>. A lease not renewed
/// by its <see cref="ExpiresAt"/> (the database's clock) is reaped by any server, and what it did not use goes back
/// to the sale. On SQLite, where one server holds the file, a lease never expires (<see cref="ExpiresAt"/> is null)
/// and is given back when the server starts again.
/// </summary>
public sealed class SaleLease
{
    private SaleLease()
    {
    }

    public Slug Sale { get; private set; }

    /// <summary>The sale's lease counter when this block was leased: never given twice for one sale.</summary>
    public long Epoch { get; private set; }

    /// <summary>Which server process holds it (for people reading the table; the fence is the epoch).</summary>
    public string Server { get; private set; } = "";

    public int Units { get; private set; }

    /// <summary>Units of the block won by claims; never more than <see cref="Units"/>.</summary>
    public int Used { get; private set; }

    public Instant LeasedAt { get; private set; }

    public Instant? ExpiresAt { get; private set; }
}
