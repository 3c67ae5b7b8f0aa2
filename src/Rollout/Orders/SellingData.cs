using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// Everything a cart or a checkout reads that is not stock, carts or orders, held in memory: markets, channels,
/// variants and their names, listings, price timelines, the active shipping methods and the stock locations serving
/// each market. A few kilobytes for a brand's catalogue, read by every cart call, changed by staff a few times a day.
/// </summary>
public sealed class SellingData
{
    private SellingData()
    {
    }

    public long Version { get; private init; }

    private long LoadedAt { get; init; }

    private Dictionary<CountryCode, Market> Markets { get; init; } = [];

    private Dictionary<Slug, Channel> Channels { get; init; } = [];

    private Dictionary<Sku, Variant> Variants { get; init; } = [];

    private Dictionary<Sku, string> Names { get; init; } = [];

    private Dictionary<(Sku, CountryCode, Slug), Listing> Listings { get; init; } = [];

    private Dictionary<(Sku, CountryCode, Slug), PriceTimeline> Prices { get; init; } = [];

    private Dictionary<CountryCode, List<ShippingMethod>> Shipping { get; init; } = [];

    private Dictionary<CountryCode, IReadOnlyList<Slug>> Serving { get; init; } = [];

    public Result<Market> Market(string? code)
    {
        var country = CountryCode.Parse(code);
        if (!country.IsSuccess)
        {
            return country.Error.AtField("market");
        }

        return Markets.TryGetValue(country.Value, out var market) ? market : GetMarkets.NotFound(country.Value);
    }

    public Result<Channel> Channel(string? code)
    {
        var slug = Slug.Parse(code);
        if (!slug.IsSuccess)
        {
            return slug.Error.AtField("channel");
        }

        return Channels.TryGetValue(slug.Value, out var channel) ? channel : GetChannels.NotFound(slug.Value);
    }

    public Result<Variant> Variant(string? sku)
    {
        var parsed = Sku.Parse(sku);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        return Variants.TryGetValue(parsed.Value, out var variant) ? variant : GetProducts.VariantNotFound(parsed.Value);
    }

    /// <summary>What a buyer reads for the SKU (product, colour, memory).</summary>
    public string Name(Sku sku) => Names.GetValueOrDefault(sku) ?? sku.Value;

    /// <summary>The listing of a variant in a market and channel, if there is one.</summary>
    public Listing? Listing(Sku sku, CountryCode market, Slug channel) => Listings.GetValueOrDefault((sku, market, channel));

    /// <summary>The variant's price in the market and channel at <paramref name="at"/>, if it has one then.</summary>
    public Price? Price(Sku sku, CountryCode market, Slug channel, Instant at) => Prices.GetValueOrDefault((sku, market, channel))?.InForceAt(at);

    /// <summary>The market's active shipping methods, cheapest first.</summary>
    public IReadOnlyList<ShippingMethod> ShippingMethods(CountryCode market) => Shipping.GetValueOrDefault(market) ?? [];

    /// <summary>The stock locations that ship to a market, in code order.</summary>
    public IReadOnlyList<Slug> LocationsServing(CountryCode market) => Serving.GetValueOrDefault(market) ?? [];

    /// <summary>The physical stores of a market (where a pickup can be collected).</summary>
    public IReadOnlyList<Channel> StoresIn(CountryCode market) =>
        [.. Channels.Values.Where(c => c.Kind == ChannelKind.PhysicalStore && c.SellsIn(market)).OrderBy(c => c.Code.Value, StringComparer.Ordinal)];

    /// <summary>Whether this copy is still the one to use: nothing changed in this process since, and it is under a second old.</summary>
    internal bool IsCurrent(long version) => version == Version && Stopwatch.GetElapsedTime(LoadedAt) < SellingDataSource.MaxAge;

    internal static async Task<SellingData> Load(long version, RolloutDb db, CancellationToken ct)
    {
        var loadedAt = Stopwatch.GetTimestamp();
        var variants = await db.Variants.AsNoTracking().ToDictionaryAsync(v => v.Sku, ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var prices = await db.Prices.AsNoTracking().ToListAsync(ct);
        var methods = await db.ShippingMethods.AsNoTracking().Where(m => m.Active).ToListAsync(ct);
        return new SellingData
        {
            Version = version,
            LoadedAt = loadedAt,
            Markets = await db.Markets.AsNoTracking().ToDictionaryAsync(m => m.Code, ct),
            Channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, ct),
            Variants = variants,
            Names = variants.Values.ToDictionary(v => v.Sku, v => VariantNames.Describe(products.GetValueOrDefault(v.ProductCode) ?? v.ProductCode.Value, v)),
            Listings = (await db.Listings.AsNoTracking().ToListAsync(ct)).ToDictionary(l => (l.Sku, l.Market, l.Channel)),
            Prices = prices.GroupBy(p => (p.Sku, p.Market, p.Channel)).ToDictionary(g => g.Key, g => new PriceTimeline([.. g])),
            Shipping = methods.GroupBy(m => m.Market).ToDictionary(g => g.Key, g => Orders.ShippingMethods.InOrder(g)),
            Serving = (await db.StockLocations.AsNoTracking().ToListAsync(ct))
                .SelectMany(l => l.Serves.Select(market => (Market: market, l.Code)))
                .GroupBy(s => s.Market)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Slug>)[.. g.Select(s => s.Code).OrderBy(c => c.Value, StringComparer.Ordinal)]),
        };
    }
}

/// <summary>
/// Keeps the <see cref="SellingData"/> of this process: reloaded as soon as this process saves a change to any of
/// it (<see cref="ReferenceChanges"/> counts them), and at least every second, so a change made by another process
/// (the CLI) is seen within a second. See docs/decisions/0008-group-commit.md.
/// </summary>
public sealed class SellingDataSource(ReferenceChanges changes) : IDisposable
{
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile SellingData? current;

    public Task<SellingData> Current(RolloutDb db, CancellationToken ct) => Current((DbOnDemand)db, ct);

    /// <summary>The selling data, read again (with <paramref name="db"/>) only when something changed or a second went by.</summary>
    public async Task<SellingData> Current(DbOnDemand db, CancellationToken ct)
    {
        var version = changes.Version;
        if (current is { } data && data.IsCurrent(version))
        {
            return data;
        }

        await loading.WaitAsync(ct);
        try
        {
            version = changes.Version;
            if (current is not { } fresh || !fresh.IsCurrent(version))
            {
                current = fresh = await SellingData.Load(version, db.Get(), ct);
            }

            return fresh;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose() => loading.Dispose();
}
