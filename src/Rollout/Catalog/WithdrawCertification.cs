using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

public static class WithdrawCertification
{
    /// <summary>Withdraws a certification, refused while the variant is listed in a market that requires it.</summary>
    public static async Task<Result<VariantResponse>> Handle(string sku, string regimeText, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var found = await GetProducts.FindVariant(sku, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var regime = CertificationRegime.Parse(regimeText);
        if (!regime.IsSuccess)
        {
            return regime.Error;
        }

        var now = clock.Now();
        var variant = found.Value;
        var markets = await db.Markets.Where(m => m.CertificationRegime == regime.Value).Select(m => m.Code).ToListAsync(ct);
        var inUse = await db.Listings.AnyAsync(l => l.Sku == variant.Sku && markets.Contains(l.Market) && (l.ClosesAt == null || l.ClosesAt > now), ct);
        var withdrawn = variant.Withdraw(regime.Value, inUse);
        if (!withdrawn.IsSuccess)
        {
            return withdrawn.Error;
        }

        if (await db.TrySave(ct) is { } clash)

        {

            return clash;

        }

        return variant.ToResponse();
    }
}
