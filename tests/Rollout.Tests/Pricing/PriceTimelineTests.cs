using NodaTime;
using Rollout.Catalog;
using Rollout.Pricing;

namespace Rollout.Tests.Pricing;

public sealed class PriceTimelineTests
{
    private static readonly CountryCode Spain = CountryCode.Parse("ES").Value;
    private static readonly CountryCode States = CountryCode.Parse("US").Value;
    private static readonly Instant Day0 = Instant.FromUtc(2026, 10, 1, 0, 0);

    private static Price Price(decimal amount, int fromDay, int? untilDay = null) => global::Rollout.Pricing.Price.Create(
        Sku.Parse("NOVA8-BLK-128").Value, Spain, Slug.Parse("es-online").Value, Money.Exact(amount, CurrencyCode.Parse("EUR").Value).Value,
        PriceBasis.Gross, Day0 + Duration.FromDays(fromDay), untilDay is { } u ? Day0 + Duration.FromDays(u) : null);

    private static Instant Day(double day) => Day0 + Duration.FromHours(day * 24);

    [Fact]
    public void A_temporary_price_wins_inside_its_window_then_the_regular_price_resumes()
    {
        var timeline = new PriceTimeline([Price(349.99m, 0), Price(299.99m, 10, 14), Price(339.99m, 20)]);

        Assert.Null(timeline.InForceAt(Day(-1)));
        Assert.Equal(349.99m, timeline.InForceAt(Day(9.9))!.Amount.Amount);
        Assert.Equal(299.99m, timeline.InForceAt(Day(10))!.Amount.Amount);
        Assert.Equal(349.99m, timeline.InForceAt(Day(14))!.Amount.Amount);
        Assert.Equal(339.99m, timeline.InForceAt(Day(25))!.Amount.Amount);
    }

    [Fact]
    public void A_reduction_in_the_EU_shows_the_lowest_price_of_the_30_days_before_it()
    {
        // 30 days before day 40: 379.99 until day 20, then 349.99; the sale on day 40 is 299.99.
        var timeline = new PriceTimeline([Price(379.99m, 0), Price(349.99m, 20), Price(299.99m, 40, 45)]);

        Assert.Equal(349.99m, timeline.LowestPrior30Days(Day(41), Spain)!.Value.Amount);
        Assert.Equal(379.99m, timeline.LowestPrior30Days(Day(30), Spain)!.Value.Amount); // 349.99 is a reduction too
        Assert.Null(timeline.LowestPrior30Days(Day(10), Spain)); // the first price reduces nothing
        Assert.Null(timeline.LowestPrior30Days(Day(41), States));
    }

    [Fact]
    public void A_reduction_compares_with_a_lower_price_that_held_within_30_days()
    {
        var timeline = new PriceTimeline([Price(349.99m, 0), Price(319.99m, 30, 35), Price(329.99m, 50, 55)]);

        Assert.Equal(319.99m, timeline.LowestPrior30Days(Day(51), Spain)!.Value.Amount);
        Assert.Null(timeline.LowestPrior30Days(Day(36), Spain));
    }
}
