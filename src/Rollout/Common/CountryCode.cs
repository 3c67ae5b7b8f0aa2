using System.Collections.Frozen;
using System.Globalization;

namespace Rollout.Common;

/// <summary>An ISO 3166-1 alpha-2 country code, upper case; only officially assigned codes are accepted.</summary>
public readonly record struct CountryCode
{
    // ISO 3166-1 officially assigned alpha-2 codes (ISO 3166 Maintenance Agency, 249 entries).
    private static readonly FrozenSet<string> Assigned = """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
        JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
        MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
        RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
        TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    private CountryCode(string value) => Value = value;

    public string Value { get; }

    public static int AssignedCount => Assigned.Count;

    public static Result<CountryCode> Parse(string? text)
    {
        var code = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return Error.Invalid("code", "country.required", "A country code (ISO 3166-1 alpha-2, e.g. 'FR') is required.");
        }

        return Assigned.Contains(code)
            ? new CountryCode(code)
            : Error.Invalid("code", "country.unknown", $"'{text}' is not an ISO 3166-1 alpha-2 country code.");
    }

    /// <summary>The English short name, from the platform's culture data.</summary>
    public string EnglishName
    {
        get
        {
            try
            {
                return new RegionInfo(Value).EnglishName;
            }
            catch (ArgumentException)
            {
                return Value;
            }
        }
    }

    public override string ToString() => Value;
}
