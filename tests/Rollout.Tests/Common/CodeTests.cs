using Rollout.Catalog;

namespace Rollout.Tests.Common;

public sealed class CodeTests
{
    [Fact]
    public void Every_officially_assigned_ISO_3166_code_and_only_those_is_a_country()
    {
        Assert.Equal(249, CountryCode.AssignedCount);
        Assert.Equal("FR", CountryCode.Parse(" fr ").Value.Value);
        Assert.Equal("country.unknown", CountryCode.Parse("UK").Error.Code);
        Assert.Equal("country.unknown", CountryCode.Parse("XX").Error.Code);
        Assert.Equal("country.required", CountryCode.Parse(null).Error.Code);
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("gbp", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void A_currency_knows_its_minor_unit(string code, int minor) =>
        Assert.Equal(minor, CurrencyCode.Parse(code).Value.MinorUnits);

    [Fact]
    public void A_code_that_is_no_active_currency_is_refused()
    {
        Assert.Equal("currency.unknown", CurrencyCode.Parse("EUX").Error.Code);
        Assert.Equal("currency.unknown", CurrencyCode.Parse("DEM").Error.Code);
    }

    [Theory]
    [InlineData("fr-online", true)]
    [InlineData("nova-8-pro", true)]
    [InlineData("Fr-Online", false)]
    [InlineData("fr--online", false)]
    [InlineData("-fr", false)]
    [InlineData("x", false)]
    public void A_slug_is_lower_case_letters_digits_and_single_hyphens(string text, bool valid) =>
        Assert.Equal(valid, Slug.Parse(text).IsSuccess);

    [Theory]
    [InlineData("nova8p-blk-256", "NOVA8P-BLK-256")]
    [InlineData("HUB-WHT", "HUB-WHT")]
    public void A_SKU_is_upper_case(string text, string sku) => Assert.Equal(sku, Sku.Parse(text).Value.Value);

    [Theory]
    [InlineData("AB")]
    [InlineData("-ABC")]
    [InlineData("ABC DEF")]
    public void A_SKU_that_is_too_short_or_has_other_characters_is_refused(string text) =>
        Assert.False(Sku.Parse(text).IsSuccess);
}
