using System.Collections.Frozen;

namespace Rollout.Markets;

/// <summary>
/// The conformity-marking regime a device must hold before it may be sold in a market:
/// CE (EU/EEA), UKCA (Great Britain), FCC (United States), CCC (China), BIS (India), OFCA (Hong Kong), ...
/// </summary>
public readonly record struct CertificationRegime
{
    private static readonly FrozenDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CE"] = "CE marking (EU Radio Equipment Directive 2014/53/EU)",
        ["UKCA"] = "UK Conformity Assessed (Radio Equipment Regulations 2017)",
        ["FCC"] = "US Federal Communications Commission equipment authorization",
        ["CCC"] = "China Compulsory Certification",
        ["BIS"] = "Bureau of Indian Standards Compulsory Registration Scheme",
        ["OFCA"] = "Hong Kong Office of the Communications Authority certification",
        ["ISED"] = "Innovation, Science and Economic Development Canada certification",
        ["RCM"] = "Regulatory Compliance Mark (Australia, New Zealand)",
        ["TELEC"] = "Japan radio equipment technical conformity (MIC)",
        ["KC"] = "Korea Certification",
        ["ANATEL"] = "Brazil National Telecommunications Agency homologation",
        ["EAC"] = "Eurasian Conformity",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private CertificationRegime(string value) => Value = value;

    public string Value { get; }

    public string Description => Known[Value];

    public static Result<CertificationRegime> Parse(string? text)
    {
        var code = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return Error.Invalid("regime", "regime.required", "A certification regime (e.g. 'CE', 'UKCA', 'FCC') is required.");
        }

        return Known.ContainsKey(code)
            ? new CertificationRegime(code)
            : Error.Invalid("regime", "regime.unknown", $"'{text}' is not a known certification regime ({string.Join(", ", Known.Keys.Order(StringComparer.Ordinal))}).");
    }

    public override string ToString() => Value;
}
