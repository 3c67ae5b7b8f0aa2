using System.Globalization;
using CsCheck;
using Rollout.Markets;
using Rollout.Pricing;

namespace Rollout.Tests.Pricing;

public sealed class MoneyTests
{
    private static readonly string[] Shipped = ["EUR", "GBP", "SEK", "DKK", "PLN", "HKD", "INR", "CNY", "USD", "JPY", "KWD"];

    private static CurrencyCode Currency(string code) => CurrencyCode.Parse(code).Value;

    private static VatRate Rate(decimal rate) => VatRate.Parse(rate).Value;

    [Fact]
    public void Money_is_written_as_the_market_writes_it()
    {
        var eur = Money.Exact(1299m, Currency("EUR")).Value;
        var gbp = Money.Exact(1299m, Currency("GBP")).Value;

        Assert.Equal("1.299,00 €", eur.Format(CultureInfo.GetCultureInfo("it-IT")));
        Assert.Equal("£1,299.00", gbp.Format(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal("1 299,00 €", eur.Format(CultureInfo.GetCultureInfo("fr-FR")).Replace('\u202f', ' ').Replace('\u00a0', ' '));
    }

    [Fact]
    public void An_amount_with_more_decimals_than_its_currency_is_refused_not_rounded()
    {
        Assert.Equal("money.precision", Money.Exact(10.005m, Currency("EUR")).Error.Code);
        Assert.Equal("money.precision", Money.Exact(10.5m, Currency("JPY")).Error.Code);
        Assert.Equal(10_005, Money.Exact(10.005m, Currency("KWD")).Value.MinorUnits);
    }

    [Fact]
    public void Amounts_of_two_currencies_cannot_be_added_or_compared() =>
        Assert.Throws<InvalidOperationException>(() => Money.Exact(1m, Currency("EUR")).Value + Money.Exact(1m, Currency("GBP")).Value);

    [Fact]
    public void Rounding_is_half_away_from_zero_to_the_minor_unit()
    {
        Assert.Equal(1001, Money.Round(10.005m, Currency("EUR")).MinorUnits);
        Assert.Equal(11, Money.Round(10.5m, Currency("JPY")).MinorUnits);
    }

    [Fact]
    public void Baskets_in_every_shipped_currency_add_up_exactly()
    {
        var line = Gen.Select(Gen.Long[1, 500_000], Gen.Int[1, 12], Gen.OneOf(0m, 0.05m, 0.055m, 0.13m, 0.2m, 0.21m, 0.25m), Gen.Bool);
        var basket = Gen.Select(Gen.OneOf(Shipped), line.Array[1, 15]);

        basket.Sample((code, lines) =>
        {
            var currency = Currency(code);
            var totals = Basket.Total(
                [.. lines.Select(l => new BasketLine(Money.FromMinorUnits(l.Item1, currency), l.Item2, Rate(l.Item3), l.Item4 ? PriceBasis.Gross : PriceBasis.Net))],
                currency);

            Assert.All(totals.Lines, l => Assert.Equal(l.Gross, l.Net + l.Vat));
            Assert.Equal(totals.Total.Gross, totals.Total.Net + totals.Total.Vat);
            Assert.Equal(totals.Total.Gross.MinorUnits, totals.Lines.Sum(l => l.Gross.MinorUnits));
            Assert.Equal(totals.Total.Vat.MinorUnits, totals.ByRate.Sum(r => r.Vat.MinorUnits));
            Assert.Equal(totals.Total.Net.MinorUnits, totals.ByRate.Sum(r => r.Net.MinorUnits));
            Assert.All(totals.Lines, l => Assert.InRange(l.Vat.MinorUnits, 0, l.Gross.MinorUnits));
            foreach (var (priced, given) in totals.Lines.Zip(lines))
            {
                var expectedVat = given.Item4
                    ? Money.Round(priced.Gross.Amount * given.Item3 / (1 + given.Item3), currency)
                    : Money.Round(priced.Net.Amount * given.Item3, currency);
                Assert.Equal(expectedVat, priced.Vat);
                Assert.Equal(given.Item1 * given.Item2, (given.Item4 ? priced.Gross : priced.Net).MinorUnits);
            }
        });
    }

    [Fact]
    public void The_highest_allowed_price_is_exactly_at_the_cap()
    {
        var gen = Gen.Select(Gen.OneOf(Shipped), Gen.Long[100, 50_000_000], Gen.OneOf(0m, 0.2m, 0.21m, 0.25m), Gen.Bool, Gen.OneOf(0.01m, 0.05m, 0.1m));

        gen.Sample((code, landedMinor, rate, gross, capValue) =>
        {
            var currency = Currency(code);
            var cap = new MarginCap(capValue);
            var basis = gross ? PriceBasis.Gross : PriceBasis.Net;
            var landed = Money.FromMinorUnits(landedMinor, currency);

            var highest = cap.HighestAllowed(basis, Rate(rate), landed);

            Assert.True(cap.Check(highest, basis, Rate(rate), landed).IsSuccess);
            var above = cap.Check(highest + Money.FromMinorUnits(1, currency), basis, Rate(rate), landed);
            Assert.False(above.IsSuccess);
            Assert.Equal("price.above_cap", above.Error.Code);
            Assert.Equal(highest.Amount, above.Error.Details["highestAllowed"]);
        });
    }

    [Fact]
    public void The_highest_allowed_price_matches_a_hand_computed_one()
    {
        // Landed 534.60 EUR, VAT 21 %, cap 5 %: gross 680.90 leaves net 562.73 and a margin of 4.9988 %;
        // 680.91 leaves net 562.74 and 5.0005 %.
        var landed = Money.Exact(534.60m, Currency("EUR")).Value;
        var cap = new MarginCap(0.05m);

        Assert.Equal(680.90m, cap.HighestAllowed(PriceBasis.Gross, Rate(0.21m), landed).Amount);
        Assert.Equal(562.73m, cap.HighestAllowed(PriceBasis.Net, Rate(0.21m), landed).Amount);
        Assert.Equal(0.049988m, decimal.Round(cap.Check(Money.Exact(680.90m, Currency("EUR")).Value, PriceBasis.Gross, Rate(0.21m), landed).Value, 6));
    }

    [Theory]
    [InlineData("9.99", "512.30", "509.99")]
    [InlineData("9.99", "5.00", "5.00")]
    [InlineData("9.99", "509.99", "509.99")]
    [InlineData("0.99", "512.30", "511.99")]
    [InlineData("99", "5123.40", "5099.00")]
    [InlineData("0", "5123.40", "5123.00")]
    public void A_price_ending_brings_a_price_down_to_the_nearest_amount_that_ends_so(string ending, string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), PriceEnding.Apply(decimal.Parse(ending, CultureInfo.InvariantCulture), Money.Exact(decimal.Parse(amount, CultureInfo.InvariantCulture), Currency("EUR")).Value).Amount);
}
