using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

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

    public static async Task<Result<Offer>> Find(Variant variant, Market market, Channel channel, Instant now, RolloutDb db, CancellationToken ct)
    {
        var (sku, country, code) = (variant.Sku, market.Code, channel.Code);
        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == sku && l.Market == country && l.Channel == code, ct);
        if (listing is null || !listing.IsSellableAt(now, market, channel, variant))
        {
            return Error.Invalid("sku", "order.not_on_sale", $"{variant.Sku} is not on sale in {market.Code} through '{channel.Code}'.");
        }

        var price = (await PricingData.Timeline(db, variant.Sku, market.Code, channel.Code, ct)).InForceAt(now);
        return price is null
            ? Error.Invalid("sku", "order.not_priced", $"{variant.Sku} has no price in {market.Code} now.")
            : new Offer(variant, price);
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
