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

    public static async Task<Result<Channel>> Find(string? code, RolloutDb db, CancellationToken ct)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return slug.Error.AtField("channel");
        }

        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Code == slug.Value, ct);
        return channel is null
            ? Error.NotFound("channel.not_found", $"There is no channel '{slug.Value}'.")
            : channel;
    }
}
