using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Pricing;

namespace Rollout.Orders;

/// <summary>A variant on sale in a market and channel now, at its price in force.</summary>
public sealed record Offer(Variant Variant, Price Price);

/// <summary>
/// The rules every way of buying shares (a cart, a checkout, a direct order): the market is open, the channel sells
/// to shoppers there, the variant is listed and sellable now, and it has a price now.
/// </summary>
internal static class Selling
{
    public static void CheckShop(Market market, Channel channel, Instant now, Validator validator)
    {
        validator.Require(market.IsOpenAt(now), "market", $"{market.Name} is not open.");
        validator.Require(channel.SellsIn(market.Code) && channel.Kind != ChannelKind.Partner, "channel", $"'{channel.Code}' does not sell to shoppers in {market.Code}.");
    }

    public static Result<Offer> Find(Variant variant, Market market, Channel channel, Instant now, SellingData data)
    {
        var listing = data.Listing(variant.Sku, market.Code, channel.Code);
        if (listing is null || !listing.IsSellableAt(now, market, channel, variant))
        {
            return Error.Invalid("sku", "order.not_on_sale", $"{variant.Sku} is not on sale in {market.Code} through '{channel.Code}'.");
        }

        var price = data.Price(variant.Sku, market.Code, channel.Code, now);
        return price is null
            ? Error.Invalid("sku", "order.not_priced", $"{variant.Sku} has no price in {market.Code} now.")
            : new Offer(variant, price);
    }

    /// <summary>
    /// One of the market's active shipping methods, by code, and for a pickup the physical store of the market the buyer
    /// names (none for a delivery). Broken rules go to <paramref name="validator"/>, under <paramref name="methodField"/>
    /// and <c>pickupStore</c>; null when a rule is broken.
    /// </summary>
    public static (ShippingMethod Method, Channel? Store)? Shipping(Market market, string? method, string? pickupStore, string methodField, Validator validator, SellingData data)
    {
        var methods = data.ShippingMethods(market.Code);
        var chosen = methods.FirstOrDefault(m => string.Equals(m.Code.Value, method, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            validator.Add(methodField, methods.Count == 0
                ? $"{market.Name} has no shipping method yet."
                : $"Choose a shipping method of {market.Code}: one of {string.Join(", ", methods.Select(m => m.Code))}.");
            return null;
        }

        if (chosen.Kind == ShippingKind.Delivery)
        {
            validator.Require(pickupStore is null, "pickupStore", $"'{chosen.Code}' is a delivery; a store is for a pickup method.");
            return validator.IsValid ? (chosen, null) : null;
        }

        var stores = data.StoresIn(market.Code);
        var store = stores.FirstOrDefault(c => string.Equals(c.Code.Value, pickupStore, StringComparison.OrdinalIgnoreCase));
        validator.Require(store is not null, "pickupStore", stores.Count == 0
            ? $"{market.Name} has no physical store to collect from."
            : $"Collect at a store of {market.Code}: one of {string.Join(", ", stores.Select(c => c.Code))}.");
        return store is null ? null : (chosen, store);
    }

    /// <summary>A delivery address: every part given, and in the market (a shop in Spain ships to Spain).</summary>
    public static ShippingAddress? Address(AddressRequest? request, Market market, Validator validator, string field = "address")
    {
        if (request is null)
        {
            validator.Add(field, "A delivery needs an address (name, line1, postalCode, city, country).");
            return null;
        }

        var before = validator.IsValid;
        void Part(string name, string? value, int max)
        {
            validator.Require(!string.IsNullOrWhiteSpace(value), $"{field}.{name}", "Required.");
            validator.MaxLength($"{field}.{name}", value, max);
        }

        Part("name", request.Name, 100);
        Part("line1", request.Line1, 100);
        validator.MaxLength($"{field}.line2", request.Line2, 100);
        Part("postalCode", request.PostalCode, 12);
        Part("city", request.City, 60);
        var country = CountryCode.Parse(request.Country);
        if (!country.IsSuccess)
        {
            validator.Add($"{field}.country", country.Error.Message);
        }
        else
        {
            validator.Require(country.Value == market.Code, $"{field}.country", $"The {market.Name} shop delivers only in {market.Code}; for {country.Value} use that country's shop.");
        }

        return before && validator.IsValid
            ? new ShippingAddress(request.Name!.Trim(), request.Line1!.Trim(), string.IsNullOrWhiteSpace(request.Line2) ? null : request.Line2.Trim(), request.PostalCode!.Trim(), request.City!.Trim(), country.Value)
            : null;
    }

    public static bool IsEmail(string? email) => System.Net.Mail.MailAddress.TryCreate(email, out var mail) && mail.Address == email && email.Length <= 256;
}
