using Rollout.Storage;

namespace Rollout.Markets;

/// <summary>Closes a live market now: its catalog empties; its history stays.</summary>
public static class CloseMarket
{
    public static async Task<Result<MarketResponse>> Handle(string code, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await GetMarkets.Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var now = clock.Now();
        var closed = found.Value.Close(now);
        if (!closed.IsSuccess)
        {
            return closed.Error;
        }

        if (await db.TrySave(ct) is { } clash)

        {

            return clash;

        }

        return closed.Value.ToResponse(now);
    }
}
