using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Markets;

/// <summary>Reads markets; anyone may.</summary>
public static class GetMarkets
{
    public static async Task<IReadOnlyList<MarketResponse>> All(RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var markets = await db.Markets.AsNoTracking().ToListAsync(ct);
        var now = clock.Now();
        return [.. markets.OrderBy(m => m.Code.Value, StringComparer.Ordinal).Select(m => m.ToResponse(now))];
    }

    public static async Task<Result<MarketResponse>> One(string code, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        (await Find(code, db, ct)).Map(market => market.ToResponse(clock.Now()));

    /// <summary>Loads a market by its code, or explains why there is none.</summary>
    public static async Task<Result<Market>> Find(string? code, RolloutDb db, CancellationToken ct)
    {
        var country = CountryCode.Parse(code);
        if (!country.IsSuccess)
        {
            return country.Error.AtField("market");
        }

        var wanted = country.Value; // A plain local: EF reads it without compiling an expression.
        var market = await db.Markets.FirstOrDefaultAsync(m => m.Code == wanted, ct);
        return market is null ? NotFound(country.Value) : market;
    }

    public static Error NotFound(CountryCode code) => Error.NotFound("market.not_found", $"There is no market {code}.");
}
