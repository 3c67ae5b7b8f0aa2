using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Channels;

/// <summary>Reads channels, optionally only those that sell in one market.</summary>
public static class GetChannels
{
    public static async Task<Result<IReadOnlyList<ChannelResponse>>> All(string? market, RolloutDb db, CancellationToken ct)
    {
        CountryCode? filter = null;
        if (market is not null)
        {
            var parsed = CountryCode.Parse(market);
            if (!parsed.IsSuccess)
            {
                return parsed.Error.AtField("market");
            }

            filter = parsed.Value;
        }

        // Few channels exist; filtering in memory keeps the query the same on every provider.
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        return channels
            .Where(c => filter is not { } code || c.SellsIn(code))
            .OrderBy(c => c.Kind).ThenBy(c => c.Code.Value, StringComparer.Ordinal)
            .Select(c => c.ToResponse())
            .ToList();
    }

    /// <summary>The market's official online store, the channel a shopper meets when none is named.</summary>
    public static async Task<Result<Channel>> OnlineStoreOf(CountryCode market, RolloutDb db, CancellationToken ct)
    {
        var stores = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKind.OnlineStore).ToListAsync(ct);
        return stores.FirstOrDefault(c => c.SellsIn(market)) is { } store
            ? store
            : Error.NotFound("channel.no_online_store", $"{market} has no online store; name a channel with ?channel=.");
    }

    public static async Task<Result<Channel>> Find(string? code, RolloutDb db, CancellationToken ct)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return slug.Error.AtField("channel");
        }

        var wanted = slug.Value;
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Code == wanted, ct);
        return channel is null ? NotFound(slug.Value) : channel;
    }

    public static Error NotFound(Slug code) => Error.NotFound("channel.not_found", $"There is no channel '{code}'.");
}
