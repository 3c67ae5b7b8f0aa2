using Rollout.Inventory;

namespace Rollout.Orders;

/// <summary>
/// The units held by carts from each client address, counted in this server's memory so that the check costs a lookup
/// under a short lock, never a query. A cart's units count against the address its last change came from, while their
/// hold lasts; a checked-out cart's count goes (its units are sold, no longer held).
/// <para>
/// Per server, and so approximate beyond one: behind a balancer that spreads an address over several servers, each
/// counts only the holds it made, so the address may hold up to the cap on each; and a restarted server starts from
/// nothing until the holds made before it run out (at most the hold time). A shared count needs the address kept with
/// each hold and the cap checked by the hold's own conditional statement in PostgreSQL (decision 13).
/// </para>
/// </summary>
public sealed class AddressHolds
{
    private static readonly Duration PruneEvery = Duration.FromMinutes(1);
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<Guid, Units[]>> byAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string> addressOf = [];
    private Instant prunedAt;

    /// <summary>Some units held until an instant.</summary>
    internal readonly record struct Units(int Count, Instant Until);

    /// <summary>What a cart held, and from where, before a change: put back when the change is not written.</summary>
    internal readonly record struct Before(string? Address, Units[]? Units);

    /// <summary>The units of <paramref name="holds"/> still held at <paramref name="now"/>.</summary>
    internal static int Live(IEnumerable<Held> holds, Instant now) => holds.Where(h => h.ExpiresAt > now).Sum(h => h.Quantity);

    /// <summary>
    /// Records that <paramref name="cart"/> holds <paramref name="holds"/> from <paramref name="address"/>, unless the
    /// address would then hold more than <paramref name="most"/> units and the cart more than it held before (a cart may
    /// always let go); refused, nothing changes. <paramref name="elsewhere"/> is what the address's other carts hold.
    /// </summary>
    internal bool TryHold(string address, Guid cart, IEnumerable<Held> holds, Instant now, int most, out Before before, out int elsewhere)
    {
        Units[] units = [.. holds.Select(h => new Units(h.Quantity, h.ExpiresAt))];
        lock (gate)
        {
            Prune(now);
            var carts = byAddress.GetValueOrDefault(address);
            var previous = addressOf.TryGetValue(cart, out var from) ? byAddress[from][cart] : null;
            before = new Before(from, previous);
            elsewhere = carts is null ? 0 : carts.Where(c => c.Key != cart).Sum(c => Sum(c.Value, now));
            var mine = Sum(units, now);
            if (elsewhere + mine > most && mine > (from == address ? Sum(previous!, now) : 0))
            {
                return false;
            }

            Set(cart, address, units);
            return true;
        }
    }

    /// <summary>Puts back what a cart held before a change that was not written.</summary>
    internal void Undo(Guid cart, Before before)
    {
        lock (gate)
        {
            Set(cart, before.Address, before.Units);
        }
    }

    /// <summary>The cart holds nothing any more (it became an order).</summary>
    internal void Forget(Guid cart)
    {
        lock (gate)
        {
            Set(cart, null, null);
        }
    }

    /// <summary>The units held from an address now (for tests and the console).</summary>
    public int HeldFrom(string address, Instant now)
    {
        lock (gate)
        {
            return byAddress.GetValueOrDefault(address)?.Values.Sum(u => Sum(u, now)) ?? 0;
        }
    }

    private static int Sum(Units[] units, Instant now)
    {
        var sum = 0;
        foreach (var u in units)
        {
            sum += u.Until > now ? u.Count : 0;
        }

        return sum;
    }

    private void Set(Guid cart, string? address, Units[]? units)
    {
        if (addressOf.Remove(cart, out var from) && byAddress[from] is { } old && old.Remove(cart) && old.Count == 0)
        {
            byAddress.Remove(from);
        }

        if (address is not null && units is not null)
        {
            addressOf[cart] = address;
            (byAddress.TryGetValue(address, out var carts) ? carts : byAddress[address] = [])[cart] = units;
        }
    }

    /// <summary>Forgets carts whose holds have all run out, at most once a minute, so addresses that left are not kept.</summary>
    private void Prune(Instant now)
    {
        if (now - prunedAt < PruneEvery)
        {
            return;
        }

        prunedAt = now;
        foreach (var (cart, address) in addressOf.ToList())
        {
            if (Sum(byAddress[address][cart], now) == 0)
            {
                Set(cart, null, null);
            }
        }
    }
}
