using System.Collections.Concurrent;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// What the group commit's writer last learnt of a location's unallocated pool for a channel: how many units were left
/// after its last take, less what it has taken since. While that is enough, a take is a guess (<see cref="Batch.LaterAdd"/>):
/// it runs with the batch's later statements in one round trip instead of being waited for, and its condition still
/// checks the stock, so a wrong figure (units sold by another process, an allocation made since) costs a batch run
/// again, never a unit sold twice. Too low a figure (units given back) only means a take is waited for, which
/// learns the figure afresh. Used by the one writer only.
/// </summary>
public sealed class UnitsLeft
{
    private readonly ConcurrentDictionary<(Sku, Slug, Slug), Entry> pools = new();

    /// <summary>Whether <paramref name="quantity"/> units may be guessed taken; if so they are counted as taken.</summary>
    internal bool TryGuess(Batch batch, Sku sku, Slug location, Slug channel, int quantity)
    {
        if (!batch.Speculating || !pools.TryGetValue((sku, location, channel), out var entry) || entry.Left < quantity)
        {
            return false;
        }

        var pending = entry.Batch == batch.Number ? entry.Pending : 0;
        pools[(sku, location, channel)] = new Entry(entry.Left - quantity, batch.Number, pending + quantity);
        batch.Undo(() => pools[(sku, location, channel)] = entry with { Batch = batch.Number, Pending = pending }); // A write that fails takes nothing.
        return true;
    }

    /// <summary>The units this batch has guessed taken from the pool and not yet taken (they run at its end).</summary>
    internal int Pending(Batch batch, Sku sku, Slug location, Slug channel) =>
        pools.TryGetValue((sku, location, channel), out var entry) && entry.Batch == batch.Number ? entry.Pending : 0;

    /// <summary>
    /// A take waited for: <paramref name="left"/> units remain in the database, before the guessed takes of this batch
    /// that have not run yet (null when the take failed: then nothing is guessed until a take succeeds again).
    /// </summary>
    internal void Learn(Batch batch, Sku sku, Slug location, Slug channel, int? left)
    {
        var pending = Pending(batch, sku, location, channel);
        pools[(sku, location, channel)] = new Entry(left is { } known ? known - pending : 0, batch.Number, pending);
    }

    private sealed record Entry(int Left, long Batch, int Pending);
}
