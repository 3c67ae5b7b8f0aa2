using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>Whether a method brings the parcel to an address or the buyer collects it at a physical store.</summary>
public enum ShippingKind
{
    Delivery,
    Pickup,
}

/// <summary>
/// A way an order reaches its buyer in one market, with its price in the market's currency, shown like the market's
/// shelf prices (with VAT where they include it). Shipping carries the VAT of the goods (an ancillary supply).
/// </summary>
public sealed class ShippingMethod
{
    private ShippingMethod()
    {
    }

    public CountryCode Market { get; private set; }

    public Slug Code { get; private set; }

    public string Name { get; private set; } = "";

    public ShippingKind Kind { get; private set; }

    public long PriceMinorUnits { get; private set; }

    public bool Active { get; private set; }

    public static ShippingMethod Create(CountryCode market, Slug code) => new() { Market = market, Code = code, Active = true };

    public void Change(string name, ShippingKind kind, long priceMinorUnits, bool active) =>
        (Name, Kind, PriceMinorUnits, Active) = (name, kind, priceMinorUnits, active);

    /// <summary>The price split into net, VAT and gross in a market.</summary>
    public PriceBreakdown Breakdown(Market market) =>
        PriceBreakdown.Of(Money.FromMinorUnits(PriceMinorUnits, market.Currency), market.PricesIncludeTax ? PriceBasis.Gross : PriceBasis.Net, market.VatRate);
}

public sealed record SetShippingMethodRequest(string? Name, string? Kind, decimal? Price, bool? Active);

public sealed record ShippingMethodResponse(string Market, string Code, string Name, string Kind, decimal Price, string Currency, bool PriceIncludesVat, bool Active);

/// <summary>Shipping methods: each market's list, and setting one (order managers).</summary>
public static class ShippingMethods
{
    public static async Task<Result<ShippingMethodResponse>> Set(string market, string code, SetShippingMethodRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var found = validator.Field("market", await GetMarkets.Find(market, db, ct));
        var slug = validator.Field("code", Slug.Parse(code));
        validator.Require(!string.IsNullOrWhiteSpace(request.Name), "name", "Name the method as buyers will read it.");
        validator.MaxLength("name", request.Name, 80);
        validator.Require(Enum.TryParse<ShippingKind>(request.Kind, ignoreCase: true, out var kind) && !int.TryParse(request.Kind, out _), "kind", "One of: delivery, pickup.");
        validator.Require(request.Price is >= 0, "price", "A price of 0 or more, in the market's currency.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var price = Money.Exact(request.Price!.Value, found.Currency);
        if (!price.IsSuccess)
        {
            return price.Error.AtField("price");
        }

        var method = await db.ShippingMethods.FirstOrDefaultAsync(m => m.Market == found.Code && m.Code == slug, ct);
        if (method is null)
        {
            method = ShippingMethod.Create(found.Code, slug);
            db.ShippingMethods.Add(method);
        }

        method.Change(request.Name!.Trim(), kind, price.Value.MinorUnits, request.Active ?? true);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return method.ToResponse(found);
    }

    public static async Task<Result<IReadOnlyList<ShippingMethodResponse>>> Of(string? market, RolloutDb db, CancellationToken ct)
    {
        var found = await GetMarkets.Find(market, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return Result<IReadOnlyList<ShippingMethodResponse>>.Success([.. (await Active(found.Value.Code, db, ct)).Select(m => m.ToResponse(found.Value))]);
    }

    internal static async Task<List<ShippingMethod>> Active(CountryCode market, RolloutDb db, CancellationToken ct) =>
        InOrder(await db.ShippingMethods.AsNoTracking().Where(m => m.Market == market && m.Active).ToListAsync(ct));

    /// <summary>How a market's methods are offered: cheapest first, then by code.</summary>
    internal static List<ShippingMethod> InOrder(IEnumerable<ShippingMethod> methods) =>
        [.. methods.OrderBy(m => m.PriceMinorUnits).ThenBy(m => m.Code.Value, StringComparer.Ordinal)];

    public static ShippingMethodResponse ToResponse(this ShippingMethod method, Market market) =>
        new(method.Market.Value, method.Code.Value, method.Name, method.Kind.ToString().ToLowerInvariant(),
            Money.FromMinorUnits(method.PriceMinorUnits, market.Currency).Amount, market.Currency.Value, market.PricesIncludeTax, method.Active);
}
