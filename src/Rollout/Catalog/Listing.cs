using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Catalog;

/// <summary>
/// A variant offered in one market through one channel, from an instant and optionally until one.
/// It can only exist where the variant holds the market's certification and the channel sells in the market.
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

    public Instant OpensAt { get; private set; }

    public Instant? ClosesAt { get; private set; }

    public bool IsOpenAt(Instant now) => OpensAt <= now && (ClosesAt is null || now < ClosesAt);

    /// <summary>Decides whether <paramref name="variant"/> may be listed in <paramref name="market"/> through <paramref name="channel"/>.</summary>
    public static Result<Listing> Create(Variant variant, Market market, Channel channel, Instant opensAt, Instant? closesAt)
    {
        if (!channel.SellsIn(market.Code))
        {
            return Error.Invalid("channel", "channel.outside_markets", $"Channel '{channel.Code}' sells only in {string.Join(", ", channel.Markets)}; it cannot list in {market.Code}.");
        }

        if (!variant.IsCertifiedFor(market.CertificationRegime))
        {
            return Error.Invalid("sku", "listing.not_certified", $"{variant.Sku} holds no {market.CertificationRegime} certification, which {market.Name} requires.");
        }

        var listing = new Listing { Sku = variant.Sku, Market = market.Code, Channel = channel.Code };
        return listing.Reschedule(opensAt, closesAt);
    }

    public Result<Listing> Reschedule(Instant opensAt, Instant? closesAt)
    {
        if (closesAt <= opensAt)
        {
            return Error.Invalid("closesAt", "listing.window", "A listing closes after it opens.");
        }

        OpensAt = opensAt;
        ClosesAt = closesAt;
        return this;
    }
}
