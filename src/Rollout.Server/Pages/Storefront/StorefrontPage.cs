using System.Globalization;
using NodaTime;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Markets;
using Rollout.Orders;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// What every storefront page shares: its market, words and culture, the signed-in customer, and the shopper's cart
/// (its id kept in a cookie per market).
/// </summary>
public abstract class StorefrontPage(RolloutDb db, TimeProvider clock) : PageModel
{
    protected RolloutDb Db => db;

    protected TimeProvider Clock => clock;

    /// <summary>The carts this server serves (every cart call goes through it).</summary>
    protected CartBook Carts => HttpContext.RequestServices.GetRequiredService<CartBook>();

    public MarketResponse Market { get; private set; } = null!;

    public StorefrontText Text { get; private set; } = null!;

    public ShopWords Words { get; private set; } = null!;

    /// <summary>The words of the support pages (devices, warranty, repairs).</summary>
    public SupportWords Support { get; private set; } = null!;

    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;

    /// <summary>The market's path segment (/es, /fr...).</summary>
    public string Home => $"/{Market.Code.ToLowerInvariant()}";

    /// <summary>The country's name in the page's language ("España" on /es).</summary>
    public string LocalName => Culture.Name.EndsWith(Market.Code, StringComparison.Ordinal) && Culture.TwoLetterISOLanguageName != "en"
        ? new RegionInfo(Culture.Name).NativeName
        : Market.Name;

    public string? CustomerId => OrderEndpoints.CustomerOf(User);

    /// <summary>The cart cookie of this market; its path is / (not the market's) so that it may carry the <c>__Host-</c> prefix.</summary>
    private string CartCookie => Cookies.Name($"cart-{Market.Code.ToLowerInvariant()}");

    private Http.SiteCookies Cookies => HttpContext.RequestServices.GetRequiredService<Http.SiteCookies>();

    /// <summary>Loads the market; false when there is none by that code.</summary>
    protected async Task<bool> Enter(string market, CancellationToken ct)
    {
        var found = await GetMarkets.One(market, db, clock, ct);
        if (!found.IsSuccess)
        {
            return false;
        }

        Market = found.Value;
        (Text, var language) = StorefrontText.For(Market.Locales[0].Split('-')[0]);
        Words = ShopWords.For(language);
        Support = SupportWords.For(language);
        Culture = CultureFor(Market, language);
        ViewData["Lang"] = language;
        ViewData["Tagline"] = Text.Tagline;
        ViewData["Home"] = Home;
        ViewData["CartWord"] = Words["Cart"];
        ViewData["DevicesWord"] = Support["MyDevices"];
        ViewData["AccountWord"] = User.IsInRole(Rollout.Identity.RolloutUser.CustomerRole) ? Words["MyOrders"] : Words["SignIn"];
        return true;
    }

    /// <summary>The cart id this browser keeps for the market, whoever it belongs to.</summary>
    protected Guid? CartCookieId => Guid.TryParse(Request.Cookies[CartCookie], out var id) ? id : null;

    /// <summary>The shopper's cart in this market, if it is still theirs and still a cart.</summary>
    protected async Task<CartResponse?> CurrentCart(CancellationToken ct)
    {
        if (CartCookieId is not { } id)
        {
            return null;
        }

        var cart = await OpenCart.Show(id, CustomerId, Carts, db, ct);
        return cart.IsSuccess && cart.Value.OrderId is null ? cart.Value : null;
    }

    /// <summary>The shopper's cart, opened through the market's online store when there is none.</summary>
    protected async Task<Result<CartResponse>> CartToFill(CancellationToken ct)
    {
        if (await CurrentCart(ct) is { } cart)
        {
            return cart;
        }

        var store = (await Rollout.Channels.GetChannels.All(Market.Code, db, ct)).Value.FirstOrDefault(c => c.Kind == "online-store");
        var opened = await OpenCart.Handle(new OpenCartRequest(Market.Code, store?.Code), CustomerId, User.Identity?.Name, Carts, db, ct);
        if (opened.IsSuccess)
        {
            Response.Cookies.Append(CartCookie, opened.Value.Id.ToString(), Cookies.Options(HttpContext));
        }

        return opened;
    }

    protected void ForgetCart() => Response.Cookies.Delete(CartCookie, Cookies.Options(HttpContext));

    /// <summary>A time of day in the market's zone ("14:35").</summary>
    public string LocalTime(DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(DateTimeZoneProviders.Tzdb[Market.TimeZone]).ToString("HH:mm", Culture);

    /// <summary>A day and time in the market's zone, as the market writes them.</summary>
    public string LocalMoment(DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(DateTimeZoneProviders.Tzdb[Market.TimeZone]).ToString("d MMM uuuu HH:mm", Culture);

    public string Price(decimal amount) => Money.Exact(amount, CurrencyCode.Parse(Market.Currency).Value).Value.Format(Culture);

    public string Price(decimal amount, string currency) => Money.Exact(amount, CurrencyCode.Parse(currency).Value).Value.Format(Culture);

    /// <summary>The error's rules in one line for the page (field: rule).</summary>
    public static string Explain(Error error) =>
        error.Fields.Count == 0 ? error.Message : string.Join(" · ", error.Fields.SelectMany(f => f.Value.Select(rule => $"{f.Key}: {rule}")));

    /// <summary>The market's own locale where the page speaks its language; English as written in that country otherwise.</summary>
    private static CultureInfo CultureFor(MarketResponse market, string language)
    {
        var name = market.Locales.FirstOrDefault(l => l.StartsWith(language + "-", StringComparison.Ordinal)) ?? $"en-{market.Code}";
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en-GB");
        }
    }
}
