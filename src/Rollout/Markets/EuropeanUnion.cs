namespace Rollout.Markets;

/// <summary>The 27 member states of the European Union, where EU consumer law (such as the Omnibus rule on price reductions) applies.</summary>
public static class EuropeanUnion
{
    private static readonly HashSet<string> Members =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ];

    public static bool Includes(CountryCode country) => Members.Contains(country.Value);
}
