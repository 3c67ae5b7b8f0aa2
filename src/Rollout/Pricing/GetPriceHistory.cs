using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Pricing;

public sealed record PriceChangeResponse(string Channel, string Currency, decimal? Old, decimal New, DateTimeOffset From, DateTimeOffset? Until, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Every change of a variant's prices in a market: who, when, from what to what, newest first.</summary>
public static class GetPriceHistory
{
    public static async Task<Result<IReadOnlyList<PriceChangeResponse>>> Handle(string market, string sku, string? channel, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var m = validator.Field("market", await GetMarkets.Find(market, db, ct));
        var variant = validator.Field("sku", await GetProducts.FindVariant(sku, db, ct));
        if (validator.ToError() is { } missing)
        {
            return missing;
        }

        var changes = await db.PriceChanges.AsNoTracking().Where(c => c.Sku == variant.Sku && c.Market == m.Code).ToListAsync(ct);
        return changes
            .Where(c => channel is null || c.Channel.Value == channel)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => new PriceChangeResponse(
                c.Channel.Value,
                c.Currency.Value,
                c.OldMinorUnits is { } old ? Money.FromMinorUnits(old, c.Currency).Amount : null,
                Money.FromMinorUnits(c.NewMinorUnits, c.Currency).Amount,
                c.From.ToDateTimeOffset(),
                c.Until?.ToDateTimeOffset(),
                c.ChangedBy,
                c.ChangedAt.ToDateTimeOffset()))
            .ToList();
    }
}
