namespace Rollout.Markets;

/// <summary>One row of reference data: what Rollout knows of a country before staff change anything.</summary>
public sealed record MarketReferenceRow(
    string Code,
    string Name,
    string Currency,
    decimal VatRate,
    bool PricesIncludeTax,
    string[] Locales,
    string TimeZone,
    int StatutoryWarrantyMonths,
    string CertificationRegime,
    string Source);

/// <summary>
/// Reference data for the countries Rollout ships with. Creating one of these markets needs only its code;
/// every value can still be changed by staff. Rates and laws as of 2026; see docs/reference-data.md.
/// </summary>
public static class MarketReference
{
    private const string EuVat = "European Commission, 'VAT rates applied in the Member States' (2026)";

    public static IReadOnlyList<MarketReferenceRow> All { get; } =
    [
        new("ES", "Spain", "EUR", 0.21m, true, ["es-ES", "ca-ES"], "Europe/Madrid", 36, "CE",
            $"{EuVat}; Real Decreto Legislativo 1/2007 art. 120 as amended by RDL 7/2021 (3-year guarantee)"),
        new("FR", "France", "EUR", 0.20m, true, ["fr-FR"], "Europe/Paris", 24, "CE",
            $"{EuVat}; Code de la consommation art. L217-3 and L217-7 (garantie légale de conformité, 2 years)"),
        new("IT", "Italy", "EUR", 0.22m, true, ["it-IT"], "Europe/Rome", 24, "CE",
            $"{EuVat}; Codice del consumo art. 133 (2 years)"),
        new("GB", "United Kingdom", "GBP", 0.20m, true, ["en-GB"], "Europe/London", 72, "UKCA",
            "HMRC VAT rates; Consumer Rights Act 2015 with Limitation Act 1980 (claims up to 6 years in England and Wales)"),
        new("SE", "Sweden", "SEK", 0.25m, true, ["sv-SE"], "Europe/Stockholm", 36, "CE",
            $"{EuVat}; Konsumentköplag (2022:260) 21 § (3 years)"),
        new("IE", "Ireland", "EUR", 0.23m, true, ["en-IE", "ga-IE"], "Europe/Dublin", 72, "CE",
            $"{EuVat}; Consumer Rights Act 2022 s. 43 with the Statute of Limitations (6 years)"),
        new("AT", "Austria", "EUR", 0.20m, true, ["de-AT"], "Europe/Vienna", 24, "CE",
            $"{EuVat}; Verbrauchergewährleistungsgesetz (VGG) § 10 (2 years)"),
        new("DK", "Denmark", "DKK", 0.25m, true, ["da-DK"], "Europe/Copenhagen", 24, "CE",
            $"{EuVat}; Købeloven § 83 (2 years)"),
        new("DE", "Germany", "EUR", 0.19m, true, ["de-DE"], "Europe/Berlin", 24, "CE",
            $"{EuVat}; BGB § 438 (2 years)"),
        new("NL", "Netherlands", "EUR", 0.21m, true, ["nl-NL"], "Europe/Amsterdam", 24, "CE",
            $"{EuVat}; Burgerlijk Wetboek 7:17 (expected lifetime; the EU minimum of 2 years is used)"),
        new("PT", "Portugal", "EUR", 0.23m, true, ["pt-PT"], "Europe/Lisbon", 36, "CE",
            $"{EuVat}; Decreto-Lei 84/2021 art. 12 (3 years)"),
        new("PL", "Poland", "PLN", 0.23m, true, ["pl-PL"], "Europe/Warsaw", 24, "CE",
            $"{EuVat}; Ustawa o prawach konsumenta art. 43d (2 years)"),
        new("HK", "Hong Kong", "HKD", 0m, true, ["zh-HK", "en-HK"], "Asia/Hong_Kong", 0, "OFCA",
            "No VAT or GST in Hong Kong; Sale of Goods Ordinance Cap. 26 sets implied conditions but no fixed period"),
        new("IN", "India", "INR", 0.18m, true, ["en-IN", "hi-IN"], "Asia/Kolkata", 0, "BIS",
            "GST Council rate schedule (mobile phones 18 %); Legal Metrology (Packaged Commodities) Rules: MRP inclusive of taxes; no statutory period"),
        new("CN", "China", "CNY", 0.13m, true, ["zh-CN"], "Asia/Shanghai", 12, "CCC",
            "PRC VAT Law (13 %); Mobile Phone 'Three Guarantees' Provisions (1-year warranty on the handset)"),
        new("US", "United States", "USD", 0m, false, ["en-US"], "America/New_York", 0, "FCC",
            "No federal sales tax (state taxes are added at checkout); Magnuson-Moss Warranty Act sets no minimum period"),
    ];

    public static MarketReferenceRow? Find(CountryCode code) =>
        All.FirstOrDefault(row => row.Code == code.Value);
}
