using System.Collections.Frozen;

namespace Rollout.Common;

/// <summary>An active ISO 4217 currency code with its minor unit (the number of decimals money in it is rounded to).</summary>
public readonly record struct CurrencyCode
{
    // ISO 4217 list one (active codes), SIX Financial Information, with the minor unit where it is not 2.
    private static readonly FrozenDictionary<string, int> Active = BuildActive();

    private CurrencyCode(string value, int minorUnits)
    {
        Value = value;
        MinorUnits = minorUnits;
    }

    public string Value { get; }

    /// <summary>Decimals of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD.</summary>
    public int MinorUnits { get; }

    public static Result<CurrencyCode> Parse(string? text)
    {
        var code = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return Error.Invalid("currency", "currency.required", "A currency code (ISO 4217, e.g. 'EUR') is required.");
        }

        return Active.TryGetValue(code, out var minor)
            ? new CurrencyCode(code, minor)
            : Error.Invalid("currency", "currency.unknown", $"'{text}' is not an active ISO 4217 currency code.");
    }

    public override string ToString() => Value;

    private static FrozenDictionary<string, int> BuildActive()
    {
        const string twoDecimals = """
            AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY
            COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR
            ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
            MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP
            SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER
            ZAR ZMW ZWG
            """;
        const string zeroDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string threeDecimals = "BHD IQD JOD KWD LYD OMR TND";
        const string fourDecimals = "CLF UYW";

        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (list, minor) in new[] { (twoDecimals, 2), (zeroDecimals, 0), (threeDecimals, 3), (fourDecimals, 4) })
        {
            foreach (var code in list.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                codes.Add(code, minor);
            }
        }

        return codes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
