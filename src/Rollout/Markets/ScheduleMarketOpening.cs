using Rollout.Storage;

namespace Rollout.Markets;

/// <summary>When a planned market opens, as a wall-clock time in its own zone ("2027-05-22T10:00").</summary>
public sealed record ScheduleMarketOpeningRequest(string? OpensAt);

public static class ScheduleMarketOpening
{
    public static async Task<Result<MarketResponse>> Handle(string code, ScheduleMarketOpeningRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await GetMarkets.Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var market = found.Value;
        var now = clock.Now();
        var opensAt = WallClock.ToInstant(request.OpensAt, market.Zone, now);
        if (!opensAt.IsSuccess)
        {
            return opensAt.Error.AtField("opensAt");
        }

        var scheduled = market.ScheduleOpening(opensAt.Value, now);
        if (!scheduled.IsSuccess)
        {
            return scheduled.Error;
        }

        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return market.ToResponse(now);
    }
}
