using NodaTime;
using Rollout.Markets;

namespace Rollout.Tests.Markets;

public sealed class MarketTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 26, 12, 0);

    private static Market France()
    {
        var validator = new Validator();
        var terms = MarketFields.From(MarketReference.Find(CountryCode.Parse("FR").Value)!).Validate(validator)!;
        return Market.Create(terms, CountryCode.Parse("FR").Value);
    }

    [Fact]
    public void The_reference_data_covers_the_launch_markets_and_every_row_is_valid()
    {
        string[] required = ["ES", "FR", "IT", "GB", "SE", "IE", "AT", "DK", "DE", "NL", "PT", "PL", "HK", "IN", "CN", "US"];
        Assert.Subset(MarketReference.All.Select(r => r.Code).ToHashSet(), required.ToHashSet());
        foreach (var row in MarketReference.All)
        {
            var validator = new Validator();
            Assert.True(CountryCode.Parse(row.Code).IsSuccess, row.Code);
            Assert.NotNull(MarketFields.From(row).Validate(validator));
            Assert.True(validator.IsValid, $"{row.Code}: {validator.ToError()?.Message}");
            Assert.False(string.IsNullOrWhiteSpace(row.Source), $"{row.Code} names no source");
        }
    }

    [Fact]
    public void Consumer_prices_include_tax_in_Europe_and_Hong_Kong_but_not_in_the_United_States()
    {
        Assert.All(MarketReference.All.Where(r => r.Code != "US"), r => Assert.True(r.PricesIncludeTax, r.Code));
        Assert.False(MarketReference.All.Single(r => r.Code == "US").PricesIncludeTax);
    }

    [Fact]
    public void A_market_is_planned_until_its_opening_instant_then_live_until_closed()
    {
        var france = France();
        var opens = Instant.FromUtc(2027, 5, 22, 8, 0);

        Assert.True(france.ScheduleOpening(opens, Now).IsSuccess);

        Assert.Equal(MarketStatus.Planned, france.StatusAt(opens - Duration.FromSeconds(1)));
        Assert.Equal(MarketStatus.Live, france.StatusAt(opens));
        Assert.Equal("market.not_planned", france.ScheduleOpening(opens + Duration.FromDays(1), opens).Error.Code);
        Assert.True(france.Close(opens + Duration.FromDays(30)).IsSuccess);
        Assert.Equal(MarketStatus.Closed, france.StatusAt(opens + Duration.FromDays(30)));
    }

    [Fact]
    public void A_market_without_an_opening_stays_planned_and_cannot_be_closed()
    {
        var france = France();

        Assert.Equal(MarketStatus.Planned, france.StatusAt(Now));
        Assert.Equal("market.not_live", france.Close(Now).Error.Code);
    }

    [Fact]
    public void Every_broken_market_field_is_reported_at_once()
    {
        var validator = new Validator();

        var terms = new MarketFields("", "EUX", 1.5m, null, ["xx"], "Mars/Olympus", -1, "ZZ").Validate(validator);

        Assert.Null(terms);
        var fields = validator.ToError()!.Fields.Keys;
        Assert.Equal(["certificationRegime", "currency", "locales[0]", "name", "pricesIncludeTax", "statutoryWarrantyMonths", "timeZone", "vatRate"], fields.Order(StringComparer.Ordinal));
    }
}
