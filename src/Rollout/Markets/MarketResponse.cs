namespace Rollout.Markets;

/// <summary>A market as clients see it; instants are UTC, with the local opening time beside them.</summary>
public sealed record MarketResponse(
    string Code,
    string Name,
    string Currency,
    decimal VatRate,
    bool PricesIncludeTax,
    IReadOnlyList<string> Locales,
    string TimeZone,
    int StatutoryWarrantyMonths,
    string CertificationRegime,
    string Status,
    DateTimeOffset? OpensAt,
    DateTimeOffset? OpensAtLocal,
    DateTimeOffset? ClosedAt);

public static class MarketResponses
{
    public static MarketResponse ToResponse(this Market market, Instant now) => new(
        market.Code.Value,
        market.Name,
        market.Currency.Value,
        market.VatRate.Value,
        market.PricesIncludeTax,
        market.Locales,
        market.TimeZone,
        market.StatutoryWarrantyMonths,
        market.CertificationRegime.Value,
        market.StatusAt(now).ToString().ToLowerInvariant(),
        market.OpensAt?.ToDateTimeOffset(),
        market.OpensAt is { } opens ? WallClock.InZone(opens, market.Zone) : null,
        market.ClosedAt?.ToDateTimeOffset());
}
