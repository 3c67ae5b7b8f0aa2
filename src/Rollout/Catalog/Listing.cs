using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Catalog;

/// <summary>
/// A variant offered in one market through one channel, from an instant (or, without one, from the market's own
/// opening) and optionally until one. It is made only where the channel sells in the market and the variant holds
/// the market's certification, and it sells only while both still hold (<see cref="IsSellableAt"/>).
/// </summary>
public sealed class Listing
{
    private Listing()
    {
    }

    public long Id { get; private set; }

    public Sku Sku { get; private set; }

    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    /// <summary>When the listing opens; null means "when the market opens", so it follows a rescheduled opening.</summary>
    public Instant? OpensAt { get; private set; }

    public Instant? ClosesAt { get; private set; }

    /// <summary>Concurrency token: a change made meanwhile by someone else is refused, not overwritten.</summary>
    public int Version { get; private set; }

    public Instant? OpensAtIn(Market market) => OpensAt ?? market.OpensAt;

    public bool IsOpenAt(Instant now) => (OpensAt is null || OpensAt <= now) && (ClosesAt is null || now < ClosesAt);

    public bool HasClosedBy(Instant now) => ClosesAt <= now;

    /// <summary>
    /// Lists <paramref name="variant"/> in <paramref name="market"/> through <paramref name="channel"/>, or reschedules
    /// <paramref name="existing"/>. A window that is still to come must obey the rules; a window wholly in the past is
    /// history (an import restoring a backup) and is recorded as it was.
    /// </summary>
    public static Result<Listing> Schedule(Listing? existing, Variant variant, Market market, Channel channel, Instant? opensAt, Instant? closesAt, Instant now)
    {
        if (closesAt is not { } closes || closes > now)
        {
            if (Rule(market, channel, variant) is { } broken)
            {
                return broken;
            }
        }

        var listing = existing ?? new Listing { Sku = variant.Sku, Market = market.Code, Channel = channel.Code };
        return listing.Window(opensAt, closesAt);
    }

    /// <summary>Why this listing cannot sell now even if its window is open, or null when nothing stands in the way.</summary>
    public static Error? Rule(Market market, Channel channel, Variant variant)
    {
        if (!channel.SellsIn(market.Code))
        {
            return Error.Invalid("channel", "channel.outside_markets", $"Channel '{channel.Code}' sells only in {string.Join(", ", channel.Markets)}; it cannot list in {market.Code}.");
        }

        return variant.IsCertifiedFor(market.CertificationRegime)
            ? null
            : Error.Invalid("sku", "listing.not_certified", $"{variant.Sku} holds no {market.CertificationRegime} certification, which {market.Name} requires.");
    }

    /// <summary>The one rule of what a buyer can get: the window is open, the market is live, and the listing's rule holds.</summary>
    public bool IsSellableAt(Instant now, Market market, Channel channel, Variant variant) =>
        IsOpenAt(now) && market.IsOpenAt(now) && Rule(market, channel, variant) is null;

    /// <summary>Takes the listing off sale at <paramref name="now"/>; one that has not opened yet is to be removed instead.</summary>
    public Result<Listing> CloseAt(Instant now) => Window(OpensAt, now);

    private Result<Listing> Window(Instant? opensAt, Instant? closesAt)
    {
        if (opensAt is { } opens && closesAt <= opens)
        {
            return Error.Invalid("closesAt", "listing.window", "A listing closes after it opens.");
        }

        OpensAt = opensAt;
        ClosesAt = closesAt;
        Version++;
        return this;
    }
}
