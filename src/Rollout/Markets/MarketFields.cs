namespace Rollout.Markets;

/// <summary>
/// The market fields a request may carry, each optional: on create, missing ones come from the reference data
/// of that country; on change, missing ones keep their value.
/// </summary>
public sealed record MarketFields(
    string? Name = null,
    string? Currency = null,
    decimal? VatRate = null,
    bool? PricesIncludeTax = null,
    string[]? Locales = null,
    string? TimeZone = null,
    int? StatutoryWarrantyMonths = null,
    string? CertificationRegime = null)
{
    public static MarketFields From(MarketReferenceRow row) =>
        new(row.Name, row.Currency, row.VatRate, row.PricesIncludeTax, row.Locales, row.TimeZone, row.StatutoryWarrantyMonths, row.CertificationRegime);

    public static MarketFields From(Market market) =>
        new(market.Name, market.Currency.Value, market.VatRate.Value, market.PricesIncludeTax, [.. market.Locales], market.TimeZone, market.StatutoryWarrantyMonths, market.CertificationRegime.Value);

    /// <summary>These fields, with the gaps filled from <paramref name="fallback"/>.</summary>
    public MarketFields Over(MarketFields fallback) => new(
        Name ?? fallback.Name,
        Currency ?? fallback.Currency,
        VatRate ?? fallback.VatRate,
        PricesIncludeTax ?? fallback.PricesIncludeTax,
        Locales ?? fallback.Locales,
        TimeZone ?? fallback.TimeZone,
        StatutoryWarrantyMonths ?? fallback.StatutoryWarrantyMonths,
        CertificationRegime ?? fallback.CertificationRegime);

    /// <summary>Checks every field, recording each broken rule in <paramref name="validator"/>.</summary>
    public MarketTerms? Validate(Validator validator)
    {
        validator.Require(!string.IsNullOrWhiteSpace(Name), "name", "A market needs a name.");
        validator.MaxLength("name", Name, 100);
        var currency = validator.Field("currency", CurrencyCode.Parse(Currency));
        var vat = validator.Field("vatRate", Markets.VatRate.Parse(VatRate));
        validator.Require(PricesIncludeTax is not null, "pricesIncludeTax", "Say whether consumer prices include tax (true in the EU, GB, HK; false in the US).");
        var zone = validator.Field("timeZone", WallClock.Zone(TimeZone));
        var regime = validator.Field("certificationRegime", Markets.CertificationRegime.Parse(CertificationRegime));
        validator.Require(StatutoryWarrantyMonths is >= 0 and <= 120, "statutoryWarrantyMonths", "The statutory warranty is a number of months from 0 to 120.");

        var locales = Locales ?? [];
        validator.Require(locales.Length > 0, "locales", "A market needs at least one locale, e.g. 'fr-FR'.");
        for (var i = 0; i < locales.Length; i++)
        {
            validator.Require(IsLocale(locales[i]), $"locales[{i}]", $"'{locales[i]}' is not a known locale (a BCP 47 tag such as 'fr-FR').");
        }

        return validator.IsValid
            ? new MarketTerms(Name!.Trim(), currency, vat, PricesIncludeTax!.Value, locales, zone, StatutoryWarrantyMonths!.Value, regime)
            : null;
    }

    private static bool IsLocale(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.Contains('-', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return System.Globalization.CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }
}
