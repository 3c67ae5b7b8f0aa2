using Rollout.Markets;

namespace Rollout.Pricing;

/// <summary>The prices of one variant, market and channel over time, and what they mean at an instant.</summary>
public sealed class PriceTimeline(IReadOnlyList<Price> prices)
{
    public static readonly Duration OmnibusWindow = Duration.FromDays(30);

    /// <summary>The temporary price whose window holds the instant, else the latest regular price begun by then.</summary>
    public Price? InForceAt(Instant at) =>
        prices.FirstOrDefault(p => p.IsTemporary && p.HoldsAt(at))
        ?? prices.Where(p => !p.IsTemporary && p.From <= at).MaxBy(p => p.From);

    /// <summary>
    /// When the price in force at <paramref name="at"/> took effect: its own start, or for a regular price the end of
    /// a temporary price that interrupted it since.
    /// </summary>
    public Instant? InForceSince(Instant at) => InForceAt(at) switch
    {
        null => null,
        { IsTemporary: true } temporary => temporary.From,
        var regular => prices
            .Where(p => p.Until is { } until && until > regular.From && until <= at)
            .Select(p => p.Until!.Value)
            .Append(regular.From)
            .Max(),
    };

    /// <summary>When the price in force at <paramref name="at"/> stops holding: its own end, or the next price to start.</summary>
    public Instant? InForceUntil(Instant at)
    {
        if (InForceAt(at) is not { } current)
        {
            return null;
        }

        var next = prices.Where(p => p.From > at).Select(p => (Instant?)p.From).Min();
        return current.Until is { } until && (next is null || until < next) ? until : next;
    }

    /// <summary>
    /// The Omnibus rule (Directive 98/6/EC art. 6a): in the EU, a price that is a reduction is shown with the lowest
    /// price in force during the 30 days before it took effect. Only prices a buyer could pay count: none before the
    /// market opened, so a launch price has no "was" price. Null where the rule does not apply.
    /// </summary>
    public Money? LowestPrior30Days(Instant at, CountryCode market, Instant? marketOpened = null)
    {
        if (!EuropeanUnion.Includes(market) || InForceAt(at) is not { } current || InForceSince(at) is not { } since)
        {
            return null;
        }

        if (marketOpened is { } opened && since <= opened)
        {
            return null;
        }

        var before = InForceAt(since - Duration.Epsilon);
        if (before is null || current.Amount >= before.Amount)
        {
            return null;
        }

        var start = marketOpened is { } open && open > since - OmnibusWindow ? open : since - OmnibusWindow;
        var probes = prices.SelectMany(p => p.Until is { } until ? new[] { p.From, until } : [p.From])
            .Where(b => b > start && b < since)
            .Append(start);
        return probes.Select(InForceAt).OfType<Price>().Select(p => p.Amount).DefaultIfEmpty(before.Amount).Min();
    }
}
