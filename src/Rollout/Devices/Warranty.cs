using Rollout.Markets;

namespace Rollout.Devices;

/// <summary>
/// A device's warranty as computed, never typed: whether it covers the device on a day, from when, until which day,
/// and the rule that says so (the market of sale's law, and the brand's extension if the product has one).
/// </summary>
public sealed record WarrantyAnswer(string Status, LocalDate? From, LocalDate? Until, int StatutoryMonths, int ExtensionMonths, string Rule);

/// <summary>
/// Warranty by the law of the market of sale (docs/decisions/0012-partners-and-support-plan.md): the market's statutory
/// months (with the law named in the market reference data) plus the brand's extension for the product, counted in
/// calendar months from the day the device reached its buyer (delivery, or a partner's sell-through) in the market's
/// time zone. The last day covered is the day before the same date that many months later (a month from 31 January
/// ends on 27 February, NodaTime's calendar arithmetic clamping to the month's end).
/// </summary>
public static class Warranty
{
    public static WarrantyAnswer Of(Market market, int extensionMonths, Instant? startedAt, Instant now)
    {
        var law = Law(market);
        var months = market.StatutoryWarrantyMonths + extensionMonths;
        if (startedAt is not { } started)
        {
            return new WarrantyAnswer("not_started", null, null, market.StatutoryWarrantyMonths, extensionMonths,
                $"Not delivered to its buyer yet: the warranty starts at delivery or sell-through ({law}).");
        }

        var from = started.InZone(market.Zone).Date;
        if (months == 0)
        {
            return new WarrantyAnswer("none", from, null, 0, 0, $"{market.Name} sets no statutory period ({law}) and the product has no brand warranty.");
        }

        var until = from.PlusMonths(months).PlusDays(-1);
        var today = now.InZone(market.Zone).Date;
        var rule = extensionMonths == 0
            ? $"{market.Name}: {market.StatutoryWarrantyMonths} months from {From(from)} ({law})."
            : $"{market.Name}: {market.StatutoryWarrantyMonths} months by law ({law}) plus {extensionMonths} months of brand warranty, from {From(from)}.";
        return new WarrantyAnswer(today <= until ? "in_warranty" : "expired", from, until, market.StatutoryWarrantyMonths, extensionMonths, rule);
    }

    private static string From(LocalDate day) => day.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The law the market reference data names for the market (its source after the tax's), or a plain phrase.</summary>
    private static string Law(Market market) =>
        MarketReference.Find(market.Code)?.Source is { } source && source.IndexOf("; ", StringComparison.Ordinal) is var at and >= 0
            ? source[(at + 2)..]
            : "the market's statutory warranty as configured";
}
