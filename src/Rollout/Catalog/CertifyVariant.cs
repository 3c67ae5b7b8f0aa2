using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>A certificate a variant holds under a regime (the CE declaration, the FCC ID, ...).</summary>
public sealed record CertifyVariantRequest(string? Regime, string? Reference);

public static class CertifyVariant
{
    public static async Task<Result<VariantResponse>> Handle(string sku, CertifyVariantRequest request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetProducts.FindVariant(sku, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var validator = new Validator();
        var regime = validator.Field("regime", CertificationRegime.Parse(request.Regime));
        validator.Require(!string.IsNullOrWhiteSpace(request.Reference) && request.Reference.Length <= 80, "reference", "Give the certificate or declaration reference (1-80 characters).");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        found.Value.Certify(regime, request.Reference!.Trim());
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return found.Value.ToResponse();
    }
}
