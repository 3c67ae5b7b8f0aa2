using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>A live hold of a holder on one variant: where its units are, where they come from, until when.</summary>
public sealed record Held(Guid Id, Sku Sku, Slug Location, long? Allocation, int Quantity, Instant ExpiresAt)
{
    public static Held Of(Reservation r) => new(r.Id, r.Sku, r.Location, r.AllocationId, r.Quantity, r.ExpiresAt);
}

/// <summary>
/// Holds and sales of units, each a single conditional statement that only applies while the units are there, so no
/// interleaving of writers (in this process or another) oversells. A channel with an allocation at a location sells
/// from it alone; one without sells from the location's unallocated pool. These run inside a transaction, usually a
/// group commit (see <see cref="GroupCommit"/>); every statement names its columns so SQLite and PostgreSQL run it
/// alike.
/// </summary>
public static class StockHolds
{
    /// <summary>
    /// Holds <paramref name="quantity"/> units for <paramref name="holder"/> at the first location that has them; the
    /// holder's own hold (<paramref name="mine"/>) is changed instead of doubled. Null when no location has them.
    /// </summary>
    public static async Task<Held?> Hold(Batch batch, Held? mine, Sku sku, IReadOnlyList<Slug> locations, Slug channel, string holder, int quantity, Instant now, Instant expires, UnitsLeft? left = null)
    {
        // The holder's own hold is changed only while it is live and as the holder knows it (nothing else changed it);
        // otherwise the units are held afresh.
        const string Change = """UPDATE reservations SET "Quantity" = @p1, "ExpiresAt" = @p2 WHERE "Id" = @p0 AND "Status" = 'Held' AND "Quantity" = @p3""";
        if (mine is not null && await batch.Execute(Change, mine.Id, quantity, expires, mine.Quantity) == 1)
        {
            if (await Move(batch, sku, mine.Location, mine.Allocation, quantity - mine.Quantity))
            {
                return mine with { Quantity = quantity, ExpiresAt = expires };
            }

            await batch.Execute(Change, mine.Id, mine.Quantity, mine.ExpiresAt, quantity); // Too few to grow it: as it was.
            return null;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            foreach (var location in locations)
            {
                if (await Take(batch, sku, location, channel, quantity, Column.Reserved, left) is { } source)
                {
                    var id = Guid.NewGuid();
                    await batch.Later(
                        """INSERT INTO reservations ("Id", "Sku", "Location", "Channel", "AllocationId", "Holder", "Quantity", "Status", "CreatedAt", "ExpiresAt") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, 'Held', @p7, @p8)""",
                        id, sku.Value, location.Value, channel.Value, source.Allocation, holder, quantity, now, expires);
                    return new Held(id, sku, location, source.Allocation, quantity, expires);
                }
            }

            // Holds that ran out still count against the stock until swept: sweep them, and try once more.
            if (await Sweep(batch, sku, now) == 0)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// Sells units for a channel: the holder's live hold of exactly that many becomes the sale (the hold ends exactly
    /// once, as Sold); otherwise units are taken afresh at the first location that has them. Where they came from, or
    /// null when nothing is left.
    /// </summary>
    public static async Task<(Slug Location, long? Allocation)?> Sell(Batch batch, Held? hold, Sku sku, IReadOnlyList<Slug> locations, Slug channel, int quantity, Instant now, UnitsLeft? left = null)
    {
        // A hold the holder knows to be live is expected to still be (only staff releasing it, or another server, end it
        // sooner: the guess then misses and the batch runs again).
        const string Sold = """UPDATE reservations SET "Status" = 'Sold' WHERE "Id" = @p0 AND "Status" = 'Held' AND "ExpiresAt" > @p1 AND "Quantity" = @p2""";
        if (hold is not null && hold.Quantity == quantity
            && (hold.ExpiresAt > now + Duration.FromSeconds(5) ? await batch.Expect(1, Sold, hold.Id, now, quantity) : await batch.Execute(Sold, hold.Id, now, quantity)) == 1)
        {
            // Held becomes sold: the units were counted already, so no one else's check depends on this moving now.
            await (hold.Allocation is { } id
                ? AllocationRows.HeldToSold(batch, id, quantity)
                : StockLevelRows.HeldToSold(batch, sku, hold.Location, quantity));
            return (hold.Location, hold.Allocation);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            foreach (var location in locations)
            {
                if (await Take(batch, sku, location, channel, quantity, Column.Sold, left) is { } source)
                {
                    return (location, source.Allocation);
                }
            }

            if (await Sweep(batch, sku, now) == 0)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Ends a live hold (released, expired) and gives its units back; false when it had already ended.</summary>
    public static async Task<bool> End(Batch batch, Held hold, ReservationStatus to)
    {
        if (await batch.Execute("""UPDATE reservations SET "Status" = @p1 WHERE "Id" = @p0 AND "Status" = 'Held'""", hold.Id, to.ToString()) == 0)
        {
            return false;
        }

        await Move(batch, hold.Sku, hold.Location, hold.Allocation, -hold.Quantity);
        return true;
    }

    /// <summary>When the first live hold of the variant runs out (its units may then be sold again); null when none is held.</summary>
    public static async Task<Instant?> NextExpiry(Batch batch, Sku sku) =>
        await batch.Scalar("""SELECT MIN("ExpiresAt") FROM reservations WHERE "Status" = 'Held' AND "Sku" = @p0""", sku.Value) is { } at
            ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(Convert.ToDateTime(at, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc))
            : null;

    /// <summary>Expires the holds whose time is up (of one variant, or all) and gives their units back; how many.</summary>
    public static async Task<int> Sweep(Batch batch, Sku? sku, Instant now)
    {
        const string Due = """SELECT "Id", "Sku", "Location", "AllocationId", "Quantity", "ExpiresAt" FROM reservations WHERE "Status" = 'Held' AND "ExpiresAt" <= @p0""";
        var due = sku is { } one
            ? await batch.Rows(Due + """ AND "Sku" = @p1""", Read, now, one.Value)
            : await batch.Rows(Due, Read, now);
        var expired = 0;
        foreach (var hold in due)
        {
            expired += await End(batch, hold, ReservationStatus.Expired) ? 1 : 0;
        }

        return expired;
    }

    /// <summary>The live holds of a holder.</summary>
    public static Task<List<Held>> Of(Batch batch, string holder) =>
        batch.Rows("""SELECT "Id", "Sku", "Location", "AllocationId", "Quantity", "ExpiresAt" FROM reservations WHERE "Holder" = @p0 AND "Status" = 'Held'""", Read, holder);

    private static Held Read(System.Data.Common.DbDataReader row) =>
        new(row.GetGuid(0), Sku.Parse(row.GetString(1)).Value, Slug.Parse(row.GetString(2)).Value, row.IsDBNull(3) ? null : row.GetInt64(3), row.GetInt32(4),
            Instant.FromDateTimeUtc(DateTime.SpecifyKind(row.GetDateTime(5), DateTimeKind.Utc)));

    /// <summary>
    /// Takes units for a channel at a location into <paramref name="column"/>: from the unallocated pool when the
    /// channel has no allocation there, else from its allocation. The source, or null when it has too few. A take from
    /// a pool <paramref name="left"/> knows to have the units is a guess, not waited for.
    /// </summary>
    private static async Task<Source?> Take(Batch batch, Sku sku, Slug location, Slug channel, int quantity, Column column, UnitsLeft? left)
    {
        var sold = column == Column.Sold;
        if (left?.TryGuess(batch, sku, location, channel, quantity) == true)
        {
            await StockLevelRows.TakeGuessed(batch, sku, location, channel, quantity, sold);
            return new Source(null);
        }

        // Units this batch has guessed taken are not taken yet: they are left for the guesses, as the writes' order says.
        var pending = left?.Pending(batch, sku, location, channel) ?? 0;
        var remaining = await StockLevelRows.Take(batch, sku, location, channel, quantity, pending, sold);
        left?.Learn(batch, sku, location, channel, remaining);
        if (remaining is not null)
        {
            return new Source(null);
        }

        return await AllocationRows.Take(batch, sku, location, channel, quantity, sold) is { } id ? new Source(id) : null;
    }

    /// <summary>Moves units into (or, negative, out of) a known source's holds, only while it has them.</summary>
    private static async Task<bool> Move(Batch batch, Sku sku, Slug location, long? allocation, int delta)
    {
        if (delta == 0)
        {
            return true;
        }

        batch.UnitsGivenBack |= delta < 0;
        return allocation is { } id
            ? await AllocationRows.MoveHeld(batch, id, delta)
            : await StockLevelRows.MoveHeld(batch, sku, location, delta);
    }

    private readonly record struct Source(long? Allocation);

    private enum Column
    {
        Reserved,
        Sold,
    }
}
