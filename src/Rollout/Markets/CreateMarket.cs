using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Markets;

/// <summary>
/// A new market. For a country in Rollout's reference data only the code is needed; every other field
/// overrides the reference value. <c>OpensAt</c> is a local time in the market's zone ("2027-05-22T10:00").
/// </summary>
public sealed record CreateMarketRequest(
    string? Code,
    string? Name = null,
    string? Currency = null,
    decimal? VatRate = null,
    bool? PricesIncludeTax = null,
    string[]? Locales = null,
    string? TimeZone = null,
    int? StatutoryWarrantyMonths = null,
    string? CertificationRegime = null,
    string? OpensAt = null)
{
    [JsonIgnore]
    public MarketFields Fields => new(Name, Currency, VatRate, PricesIncludeTax, Locales, TimeZone, StatutoryWarrantyMonths, CertificationRegime);
}

public static class CreateMarket
{
    public static async Task<Result<MarketResponse>> Handle(CreateMarketRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", CountryCode.Parse(request.Code));
        if (validator.ToError() is { } badCode)
        {
            return badCode;
        }

        var fields = request.Fields;
        if (MarketReference.Find(code) is { } reference)
        {
            fields = fields.Over(MarketFields.From(reference));
        }

        var terms = fields.Validate(validator);
        if (terms is null && MarketReference.Find(code) is null)
        {
            validator.Add("code", $"{code} is not in Rollout's reference data ({string.Join(", ", MarketReference.All.Select(r => r.Code))}), so every field must be given.");
        }

        var now = clock.Now();
        Instant? opensAt = null;
        if (terms is not null && request.OpensAt is not null)
        {
            opensAt = validator.Field("opensAt", WallClock.ToInstant(request.OpensAt, terms.TimeZone, now));
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.Markets.AnyAsync(m => m.Code == code, ct))
        {
            return Error.Conflict("market.exists", $"Market {code} already exists; change it instead.");
        }

        var market = Market.Create(terms!, code);
        if (opensAt is { } opening && market.ScheduleOpening(opening, now) is { IsSuccess: false } refused)
        {
            return refused.Error;
        }

        db.Markets.Add(market);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return market.ToResponse(now);
    }
}
