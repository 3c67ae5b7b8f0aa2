using Rollout.Catalog;

namespace Rollout.Tests.Catalog;

public sealed class GtinTests
{
    [Theory]
    [InlineData("96385074")]
    [InlineData("036000291452")]
    [InlineData("4006381333931")]
    [InlineData("10012345678902")]
    public void A_GTIN_with_its_GS1_check_digit_is_accepted(string digits) =>
        Assert.Equal(digits, Gtin.Parse(digits).Value.Value);

    [Theory]
    [InlineData("4006381333932", "gtin.check_digit")]
    [InlineData("96385075", "gtin.check_digit")]
    [InlineData("400638133393", "gtin.check_digit")]
    [InlineData("40063813339", "gtin.format")]
    [InlineData("40063813339X1", "gtin.format")]
    [InlineData("", "gtin.required")]
    public void A_GTIN_with_a_wrong_check_digit_or_length_is_refused(string digits, string code) =>
        Assert.Equal(code, Gtin.Parse(digits).Error.Code);

    [Fact]
    public void The_refusal_says_which_check_digit_was_expected() =>
        Assert.Contains("should be 1", Gtin.Parse("4006381333932").Error.Message, StringComparison.Ordinal);
}
