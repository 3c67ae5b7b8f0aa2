using Rollout.Partners;

namespace Rollout.Tests.Partners;

/// <summary>Which VAT a partner's invoice carries, from the seller's country, the market of delivery and the partner's VAT number.</summary>
public sealed class InvoicingTests
{
    private static readonly Seller Spanish = Seller.Default;

    private static Partner PartnerWith(string? vatNumber) =>
        Partner.Create(Slug.Parse("trio-mobile").Value, new PartnerTerms("Trio Telecom Group plc", CountryCode.Parse("IE").Value, vatNumber, "ap@trio.example", "1 Grand Canal Square, Dublin 2"), NodaTime.Instant.FromUtc(2026, 11, 26, 0, 0));

    [Theory]
    [InlineData("ES", "IE9999999X", "vat", 0.21)] // the seller's own country: its VAT, whoever buys
    [InlineData("IE", "IE9999999X", "reverse_charge", 0)] // another member state, a partner with a VAT number
    [InlineData("AT", "IE9999999X", "reverse_charge", 0)]
    [InlineData("FR", null, "vat", 0.20)] // another member state, no VAT number: the market's VAT
    [InlineData("GB", "IE9999999X", "export", 0)] // outside the EU
    [InlineData("HK", null, "export", 0)]
    public void The_treatment_follows_the_seller_the_market_and_the_vat_number(string market, string? vatNumber, string treatment, double rate)
    {
        var (found, vat, mention) = Invoicing.Treatment(Spanish, PartnerWith(vatNumber), ReferenceMarkets.Of(market));

        Assert.Equal(treatment, found);
        Assert.Equal((decimal)rate, vat);
        Assert.NotEmpty(mention);
    }
}
