using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Server.Pages.Storefront;

/// <summary>A market's storefront: what is on sale now through the chosen channel, or when the market opens.</summary>
public sealed class HomeModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public IReadOnlyList<ChannelResponse> Channels { get; private set; } = [];

    public ChannelResponse? Channel { get; private set; }

    public CatalogResponse? Catalog { get; private set; }

    /// <summary>Prices in force by SKU; partners set their own shelf prices, so theirs are not shown.</summary>
    public IReadOnlyDictionary<string, PriceResponse> Prices { get; private set; } = new Dictionary<string, PriceResponse>();

    public CartResponse? Cart { get; private set; }

    /// <summary>The market's launch events not yet a day past, soonest first.</summary>
    public IReadOnlyList<Rollout.Launches.LaunchResponse> Launches { get; private set; } = [];

    public IReadOnlyList<ChannelResponse> Stores => [.. Channels.Where(c => c.Kind == "physical-store")];

    public async Task<IActionResult> OnGet(string market, string? channel, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        Cart = await CurrentCart(ct);
        var since = Clock.GetUtcNow().AddDays(-1);
        Launches = [.. (await Rollout.Launches.GetLaunches.All(Market.Code, Db, ct)).Value.Where(l => l.StartsAt > since)];
        Channels = (await GetChannels.All(Market.Code, Db, ct)).Value;
        Channel = Channels.FirstOrDefault(c => c.Code == channel)
            ?? Channels.FirstOrDefault(c => c.Kind == "online-store")
            ?? Channels.FirstOrDefault(c => c.Kind == "partner");
        if (Channel is not null)
        {
            var catalog = await GetCatalog.Handle(Market.Code, Channel.Code, Db, Clock, ct);
            Catalog = catalog.IsSuccess ? catalog.Value : null;
            if (Catalog is not null && Channel.Kind != "partner")
            {
                Prices = await GetPrice.InForce(Market.Code, Channel.Code, Catalog.Products.SelectMany(p => p.Variants).Select(v => v.Sku), Db, Clock, ct);
            }
        }

        return Page();
    }

    public string OpeningText()
    {
        if (Market.OpensAtLocal is not { } opens)
        {
            return "";
        }

        var date = opens.ToString("D", Culture);
        var time = opens.ToString("t", Culture);
        return $"{date}, {time} ({Market.TimeZone}, UTC{opens:zzz})";
    }

    public int DaysToOpening() =>
        Market.OpensAt is { } opens ? Math.Max(0, (int)Math.Ceiling((opens - Clock.GetUtcNow()).TotalDays)) : 0;

    public static string Memory(CatalogVariant variant) => (variant.RamGb, variant.StorageGb) switch
    {
        ({ } ram, { } storage) => $"{ram} GB + {storage} GB",
        (null, { } storage) => $"{storage} GB",
        ({ } ram, null) => $"{ram} GB",
        _ => "",
    };

    /// <summary>"mainCamera" reads as "main camera".</summary>
    public static string SpecLabel(string key) =>
        string.Concat(key.Select((c, i) => i > 0 && char.IsUpper(c) ? $" {char.ToLowerInvariant(c)}" : c.ToString()));

    public static string SpecText(SpecResponse spec, CultureInfo culture) => spec.Value switch
    {
        bool flag => flag ? "✓" : "—",
        decimal number => $"{number.ToString("0.##", culture)} {spec.Unit}".Trim(),
        _ => spec.Value.ToString() ?? "",
    };
}
