using Rollout.Storage;

namespace Rollout.Markets;

/// <summary>Changes the terms of a market; fields left out keep their value.</summary>
public static class ChangeMarket
{
    public static async Task<Result<MarketResponse>> Handle(string code, MarketFields request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await GetMarkets.Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var market = found.Value;
        var validator = new Validator();
        var terms = request.Over(MarketFields.From(market)).Validate(validator);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        market.Change(terms!);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return market.ToResponse(clock.Now());
    }
}
