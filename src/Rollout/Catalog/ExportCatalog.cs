using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Catalog;

/// <summary>
/// Writes the whole catalog as a file that <see cref="ImportCatalog"/> reads back to the same state. A listing that
/// still has a window to come but breaks a rule now (its channel left the market, its certificate was withdrawn)
/// can sell nothing and could not be imported, so it is left out; closed listings are history and are kept.
/// </summary>
public static class ExportCatalog
{
    public static async Task<CatalogDocument> Handle(RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var markets = await db.Markets.AsNoTracking().ToListAsync(ct);
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        var products = await db.Products.AsNoTracking().ToListAsync(ct);
        var variants = (await db.Variants.AsNoTracking().ToListAsync(ct)).ToLookup(v => v.ProductCode);
        var now = clock.Now();
        var byMarket = markets.ToDictionary(m => m.Code);
        var byChannel = channels.ToDictionary(c => c.Code);
        var bySku = variants.SelectMany(g => g).ToDictionary(v => v.Sku);
        var listings = (await db.Listings.AsNoTracking().ToListAsync(ct))
            .Where(l => l.HasClosedBy(now) || Listing.Rule(byMarket[l.Market], byChannel[l.Channel], bySku[l.Sku]) is null)
            .ToLookup(l => l.Sku);
        var zones = markets.ToDictionary(m => m.Code, m => m.Zone);

        string Local(Instant instant, CountryCode market)
        {
            var local = instant.InZone(zones[market]).LocalDateTime;
            return local.ToString(local.Second == 0 ? "yyyy'-'MM'-'dd'T'HH':'mm" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        }

        return new CatalogDocument(
            CatalogDocument.CurrentFormat,
            [.. markets.OrderBy(m => m.Code.Value, StringComparer.Ordinal).Select(m =>
            {
                var f = MarketFields.From(m);
                return new CreateMarketRequest(m.Code.Value, f.Name, f.Currency, f.VatRate, f.PricesIncludeTax, f.Locales, f.TimeZone, f.StatutoryWarrantyMonths, f.CertificationRegime, m.OpensAt is { } o ? Local(o, m.Code) : null);
            })],
            [.. channels.OrderBy(c => c.Code.Value, StringComparer.Ordinal).Select(c =>
            {
                var f = ChannelFields.From(c);
                return new CreateChannelRequest(c.Code.Value, ChannelResponses.KindName(c.Kind), f.Name, f.Organisation, f.Markets, f.Address, f.OpeningHours is { Length: > 0 } ? f.OpeningHours : null);
            })],
            [.. products.OrderBy(p => p.Code.Value, StringComparer.Ordinal).Select(p =>
            {
                var f = ProductFields.From(p);
                return new ProductEntry(p.Code.Value, f.Name, f.Category, f.Description, f.Specs, [.. variants[p.Code].OrderBy(v => v.Sku.Value, StringComparer.Ordinal).Select(v => new VariantEntry(
                    v.Sku.Value,
                    v.Colour,
                    v.RamGb,
                    v.StorageGb,
                    v.Gtin.Value,
                    [.. v.Certifications.OrderBy(c => c.Regime.Value, StringComparer.Ordinal).Select(c => new CertifyVariantRequest(c.Regime.Value, c.Reference))],
                    [.. listings[v.Sku]
                        .GroupBy(l => (l.Market, l.OpensAt, l.ClosesAt))
                        .OrderBy(g => g.Key.Market.Value, StringComparer.Ordinal).ThenBy(g => g.Key.OpensAt)
                        .Select(g => new ListingEntry(
                            g.Key.Market.Value,
                            [.. g.Select(l => l.Channel.Value).Order(StringComparer.Ordinal)],
                            g.Key.OpensAt is { } opens ? Local(opens, g.Key.Market) : null,
                            g.Key.ClosesAt is { } closes ? Local(closes, g.Key.Market) : null))]))]);
            })]);
    }

    public static string ToJson(CatalogDocument document) => JsonSerializer.Serialize(document, ImportFile.JsonOptions);
}
