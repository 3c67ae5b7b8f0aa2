using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>How suggested prices end in a market: 9.99 (499.99), 0.99 (511.99), 99 (4 999), 0 (whole units).</summary>
public sealed record SetPriceEndingRequest(decimal? Ending);

public sealed record PriceEndingResponse(string Market, decimal Ending);

public static class SetPriceEnding
{
    public static async Task<Result<PriceEndingResponse>> Handle(string market, SetPriceEndingRequest request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetMarkets.Find(market, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var m = found.Value;
        if (request.Ending is not { } ending || ending < 0 || ending >= 1000 || Money.Exact(ending, m.Currency) is { IsSuccess: false })
        {
            return Error.Invalid("ending", "ending.invalid", $"An ending is a non-negative amount below 1000 with at most {m.Currency.MinorUnits} decimals, e.g. 9.99 or 99.");
        }

        var stored = await db.PriceEndings.FirstOrDefaultAsync(e => e.Market == m.Code, ct);
        if (stored is null)
        {
            db.PriceEndings.Add(PriceEnding.Create(m.Code, ending));
        }
        else
        {
            stored.Change(ending);
        }

        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return new PriceEndingResponse(m.Code.Value, ending);
    }
}
