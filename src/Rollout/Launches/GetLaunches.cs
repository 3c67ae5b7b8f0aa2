using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Launches;

public static class GetLaunches
{
    /// <summary>The launch events, soonest first; of one market when <paramref name="market"/> is given.</summary>
    public static async Task<Result<IReadOnlyList<LaunchResponse>>> All(string? market, RolloutDb db, CancellationToken ct)
    {
        CountryCode? only = null;
        if (market is not null)
        {
            var code = CountryCode.Parse(market);
            if (!code.IsSuccess)
            {
                return code.Error.AtField("market");
            }

            only = code.Value;
        }

        var launches = await db.LaunchEvents.AsNoTracking().Where(l => only == null || l.Market == only).ToListAsync(ct);
        var zones = (await db.Markets.AsNoTracking().ToListAsync(ct)).ToDictionary(m => m.Code, m => m.Zone);
        return launches.OrderBy(l => l.StartsAt).Select(l => l.ToResponse(zones[l.Market])).ToList();
    }

    /// <summary>The flash sales of a launch, soonest first.</summary>
    public static async Task<Result<IReadOnlyList<FlashSaleResponse>>> Sales(string code, RolloutDb db, CancellationToken ct)
    {
        var launch = await One(code, db, ct);
        if (!launch.IsSuccess)
        {
            return launch.Error;
        }

        var zone = DateTimeZoneProviders.Tzdb[launch.Value.TimeZone];
        var slug = Slug.Parse(code).Value;
        var sales = await db.FlashSales.AsNoTracking().Where(s => s.Launch == slug).ToListAsync(ct);
        return sales.OrderBy(s => s.OpensAt).Select(s => s.ToResponse(zone)).ToList();
    }

    public static async Task<Result<LaunchResponse>> One(string code, RolloutDb db, CancellationToken ct)
    {
        var slug = Slug.Parse(code);
        var launch = slug.IsSuccess ? await db.LaunchEvents.AsNoTracking().FirstOrDefaultAsync(l => l.Code == slug.Value, ct) : null;
        if (launch is null)
        {
            return Error.NotFound("launch.not_found", $"There is no launch '{code}'.");
        }

        var market = await GetMarkets.Find(launch.Market.Value, db, ct);
        return launch.ToResponse(market.Value.Zone);
    }
}
