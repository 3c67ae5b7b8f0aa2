using NodaTime;
using Rollout.Devices;

namespace Rollout.Tests.Devices;

/// <summary>Warranty by the law of the market of sale, for every market Rollout ships, plus a brand extension.</summary>
public sealed class WarrantyTests
{
    // Delivered on 23 May 2027 at 10:00 UTC; the last day covered, by the law of each shipped market.
    [Theory]
    [InlineData("ES", 36, "2030-05-22", "Real Decreto Legislativo 1/2007")]
    [InlineData("FR", 24, "2029-05-22", "Code de la consommation")]
    [InlineData("IT", 24, "2029-05-22", "Codice del consumo")]
    [InlineData("GB", 72, "2033-05-22", "Consumer Rights Act 2015")]
    [InlineData("SE", 36, "2030-05-22", "Konsumentköplag")]
    [InlineData("IE", 72, "2033-05-22", "Consumer Rights Act 2022")]
    [InlineData("AT", 24, "2029-05-22", "VGG")]
    [InlineData("DK", 24, "2029-05-22", "Købeloven")]
    [InlineData("DE", 24, "2029-05-22", "BGB")]
    [InlineData("NL", 24, "2029-05-22", "Burgerlijk Wetboek")]
    [InlineData("PT", 36, "2030-05-22", "Decreto-Lei 84/2021")]
    [InlineData("PL", 24, "2029-05-22", "Ustawa o prawach konsumenta")]
    [InlineData("CN", 12, "2028-05-22", "Three Guarantees")]
    public void A_device_is_covered_for_the_statutory_months_of_its_market_of_sale(string market, int months, string lastDay, string law)
    {
        var delivered = Instant.FromUtc(2027, 5, 23, 10, 0);

        var answer = Warranty.Of(ReferenceMarkets.Of(market), 0, delivered, Instant.FromUtc(2028, 1, 1, 0, 0));

        Assert.Equal("in_warranty", answer.Status);
        Assert.Equal(months, answer.StatutoryMonths);
        Assert.Equal(new LocalDate(2027, 5, 23), answer.From);
        Assert.Equal(LocalDate.FromDateTime(DateTime.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture)), answer.Until);
        Assert.Contains(law, answer.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HK")]
    [InlineData("IN")]
    [InlineData("US")]
    public void A_market_with_no_statutory_period_gives_none_unless_the_brand_extends_it(string market)
    {
        var delivered = Instant.FromUtc(2027, 5, 23, 10, 0);

        var bare = Warranty.Of(ReferenceMarkets.Of(market), 0, delivered, Instant.FromUtc(2027, 6, 1, 0, 0));
        var extended = Warranty.Of(ReferenceMarkets.Of(market), 12, delivered, Instant.FromUtc(2027, 6, 1, 0, 0));

        Assert.Equal("none", bare.Status);
        Assert.Null(bare.Until);
        Assert.Equal("in_warranty", extended.Status);
        Assert.Contains("12 months of brand warranty", extended.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void The_day_is_the_market_s_and_the_last_day_is_covered_the_next_is_not()
    {
        var spain = ReferenceMarkets.Of("ES");
        var delivered = Instant.FromUtc(2027, 5, 22, 23, 30); // 01:30 on 23 May in Madrid: the warranty counts from the 23rd.

        var lastDay = Warranty.Of(spain, 12, delivered, Instant.FromUtc(2031, 5, 22, 21, 59)); // 23:59 on 22 May 2031 in Madrid.
        var dayAfter = Warranty.Of(spain, 12, delivered, Instant.FromUtc(2031, 5, 22, 22, 0));
        var notDelivered = Warranty.Of(spain, 0, null, Instant.FromUtc(2027, 5, 1, 0, 0));

        Assert.Equal(new LocalDate(2027, 5, 23), lastDay.From);
        Assert.Equal(new LocalDate(2031, 5, 22), lastDay.Until); // 36 months by law and 12 by the brand.
        Assert.Equal("in_warranty", lastDay.Status);
        Assert.Equal("expired", dayAfter.Status);
        Assert.Equal("not_started", notDelivered.Status);
    }

    [Fact]
    public void A_month_counted_from_the_end_of_a_long_month_ends_with_the_short_one()
    {
        var china = ReferenceMarkets.Of("CN"); // 12 months; then checked from 31 January with the brand's one extra month.
        var delivered = Instant.FromUtc(2027, 1, 31, 4, 0); // 12:00 in Shanghai.

        var answer = Warranty.Of(china, 1, delivered, Instant.FromUtc(2027, 2, 1, 0, 0));

        Assert.Equal(new LocalDate(2028, 2, 28), answer.Until); // 31 Jan 2028 + 1 month = 29 Feb 2028 (leap year), the day before.
    }
}
