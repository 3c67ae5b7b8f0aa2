using System.Collections.Concurrent;
using System.Diagnostics;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>
/// Remembers that a variant had no unit left for a channel in a market, so the crowd that arrives after the last
/// unit is told "sold out" from memory, without queueing for the database. What is remembered holds only while
/// nothing can have brought units back: no write since (in this process, see <see cref="ReferenceChanges.StockVersion"/>),
/// no hold run out since (the first expiry is remembered with it), and for a second at most (a write of another
/// process, the CLI, is seen by then).
/// </summary>
public sealed class SoldOutMemo(ReferenceChanges changes)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<(Sku, Slug, CountryCode), Entry> known = new();

    /// <summary>Read before looking at the stock; noted with what was seen.</summary>
    public long Version => changes.StockVersion;

    public bool Knows(Sku sku, Slug channel, CountryCode market, Instant now) =>
        known.TryGetValue((sku, channel, market), out var entry)
        && entry.Version == changes.StockVersion
        && (entry.Until is not { } until || now < until)
        && Stopwatch.GetElapsedTime(entry.At) < MaxAge;

    /// <summary>Nothing was left as of <paramref name="version"/>; remembered until the variant's first live hold runs out.</summary>
    public async Task Note(Batch batch, Sku sku, Slug channel, CountryCode market, long version) =>
        known[(sku, channel, market)] = new Entry(version, await StockHolds.NextExpiry(batch, sku), Stopwatch.GetTimestamp());

    private sealed record Entry(long Version, Instant? Until, long At);
}
