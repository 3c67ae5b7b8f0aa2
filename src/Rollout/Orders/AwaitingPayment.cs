using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rollout.Orders;

/// <summary>
/// The orders this server placed that wait for a provider's signed callback, kept in memory as they were committed,
/// so the callback (seconds later, usually) pays its order without reading it first. An order is taken out by the
/// first callback that names it, and is never used twice: a callback that cannot use it (a batch run again, say) reads
/// the order from the database. Its version guards the update, so a copy that staff changed meanwhile is never
/// written back. Kept half an hour at most, and a bounded number: past either, the callback reads the database.
/// </summary>
public sealed class AwaitingPayment
{
    private const int Most = 100_000;
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, (Order Order, long At)> orders = new(StringComparer.Ordinal);
    private int added;

    /// <summary>An order whose payment a signed callback confirms, just committed.</summary>
    public void Add(Order order)
    {
        if (order.PaymentConfirmedBy != PaymentConfirmation.BySignedWebhook || order.PaidAt is not null)
        {
            return;
        }

        if (Interlocked.Increment(ref added) % 1024 == 0)
        {
            foreach (var (reference, kept) in orders)
            {
                if (Stopwatch.GetElapsedTime(kept.At) > Kept)
                {
                    orders.TryRemove(reference, out _);
                }
            }
        }

        if (orders.Count < Most)
        {
            orders[order.PaymentReference] = (order, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The order awaiting payment <paramref name="reference"/>, taken out; null when this server does not know it.</summary>
    public Order? Take(string reference) =>
        orders.TryRemove(reference, out var kept) && Stopwatch.GetElapsedTime(kept.At) <= Kept ? kept.Order : null;
}
