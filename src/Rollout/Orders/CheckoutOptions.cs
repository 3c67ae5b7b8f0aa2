using Microsoft.Extensions.Configuration;

namespace Rollout.Orders;

/// <summary>
/// How long a cart holds its units, per market: <c>Rollout:Checkout:HoldMinutes:Default</c> (15) and
/// <c>Rollout:Checkout:HoldMinutes:FR</c> for one market (a launch market may want it shorter).
/// </summary>
public sealed record CheckoutOptions(int DefaultHoldMinutes, IReadOnlyDictionary<string, int> HoldMinutesByMarket)
{
    public int HoldMinutes(CountryCode market) => HoldMinutesByMarket.GetValueOrDefault(market.Value, DefaultHoldMinutes);

    public static CheckoutOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Rollout:Checkout:HoldMinutes");
        int Minutes(IConfigurationSection entry) =>
            int.TryParse(entry.Value, out var minutes) && minutes is >= 1 and <= 120
                ? minutes
                : throw new InvalidOperationException($"{entry.Path} must be 1 to 120 minutes, not '{entry.Value}'.");
        var byMarket = section.GetChildren().Where(c => c.Key != "Default").ToDictionary(c => c.Key.ToUpperInvariant(), Minutes, StringComparer.Ordinal);
        return new CheckoutOptions(section.GetSection("Default").Value is null ? 15 : Minutes(section.GetSection("Default")), byMarket);
    }
}
