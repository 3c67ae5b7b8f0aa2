using Microsoft.Extensions.Configuration;

namespace Rollout.Orders;

/// <summary>
/// How long a cart holds its units, per market: <c>Rollout:Checkout:HoldMinutes:Default</c> (15) and
/// <c>Rollout:Checkout:HoldMinutes:FR</c> for one market (a launch market may want it shorter); and how many units may be
/// held at once, by one cart (<c>Rollout:Limits:UnitsHeldPerCart</c>, 10) and from one client address
/// (<c>Rollout:Limits:UnitsHeldPerAddress</c>, 20), so nobody hoards a launch's stock in carts they never pay.
/// </summary>
public sealed record CheckoutOptions(int DefaultHoldMinutes, IReadOnlyDictionary<string, int> HoldMinutesByMarket)
{
    private const int DefaultUnitsHeldPerCart = 10;
    private const int DefaultUnitsHeldPerAddress = 20;

    public int UnitsHeldPerCart { get; init; } = DefaultUnitsHeldPerCart;

    public int UnitsHeldPerAddress { get; init; } = DefaultUnitsHeldPerAddress;

    public int HoldMinutes(CountryCode market) => HoldMinutesByMarket.GetValueOrDefault(market.Value, DefaultHoldMinutes);

    public static CheckoutOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Rollout:Checkout:HoldMinutes");
        int Minutes(IConfigurationSection entry) =>
            int.TryParse(entry.Value, out var minutes) && minutes is >= 1 and <= 120
                ? minutes
                : throw new InvalidOperationException($"{entry.Path} must be 1 to 120 minutes, not '{entry.Value}'.");
        int Units(string setting, int fallback) =>
            configuration.GetSection($"Rollout:Limits:{setting}") is { Value: { } text } entry
                ? int.TryParse(text, out var units) && units >= 1 ? units : throw new InvalidOperationException($"{entry.Path} must be a whole number of at least 1, not '{text}'.")
                : fallback;
        var byMarket = section.GetChildren().Where(c => c.Key != "Default").ToDictionary(c => c.Key.ToUpperInvariant(), Minutes, StringComparer.Ordinal);
        return new CheckoutOptions(section.GetSection("Default").Value is null ? 15 : Minutes(section.GetSection("Default")), byMarket)
        {
            UnitsHeldPerCart = Units("UnitsHeldPerCart", DefaultUnitsHeldPerCart),
            UnitsHeldPerAddress = Units("UnitsHeldPerAddress", DefaultUnitsHeldPerAddress),
        };
    }
}
