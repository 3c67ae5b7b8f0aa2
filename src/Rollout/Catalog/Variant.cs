using Rollout.Markets;

namespace Rollout.Catalog;

/// <summary>A sellable version of a product (a colour and a memory size), with its barcode and certifications.</summary>
public sealed class Variant
{
    private Variant()
    {
    }

    public Sku Sku { get; private set; }

    public Slug ProductCode { get; private set; }

    public string Colour { get; private set; } = "";

    public int? RamGb { get; private set; }

    public int? StorageGb { get; private set; }

    public Gtin Gtin { get; private set; }

    public List<Certification> Certifications { get; private set; } = [];

    /// <summary>Concurrency token: two staff certifying at once cannot overwrite each other's change.</summary>
    public int Version { get; private set; }

    public static Variant Create(Sku sku, Slug product, VariantTerms terms)
    {
        var variant = new Variant { Sku = sku, ProductCode = product };
        variant.Change(terms);
        return variant;
    }

    public void Change(VariantTerms terms)
    {
        Colour = terms.Colour;
        RamGb = terms.RamGb;
        StorageGb = terms.StorageGb;
        Gtin = terms.Gtin;
        Version++;
    }

    public bool IsCertifiedFor(CertificationRegime regime) => Certifications.Any(c => c.Regime == regime);

    /// <summary>Records (or replaces) the certificate this variant holds under a regime.</summary>
    public void Certify(CertificationRegime regime, string reference)
    {
        Certifications.RemoveAll(c => c.Regime == regime);
        Certifications.Add(new Certification(regime, reference));
        Version++;
    }

    public Result<Variant> Withdraw(CertificationRegime regime, bool listedWhereRequired)
    {
        if (listedWhereRequired)
        {
            return Error.Conflict("certification.in_use", $"{Sku} is listed in a market that requires {regime}; close those listings first.");
        }

        Certifications.RemoveAll(c => c.Regime == regime);
        Version++;
        return this;
    }
}

public sealed record VariantTerms(string Colour, int? RamGb, int? StorageGb, Gtin Gtin);

/// <summary>Proof that a variant may be sold under a regime: the certificate or declaration reference.</summary>
public sealed record Certification(CertificationRegime Regime, string Reference);
