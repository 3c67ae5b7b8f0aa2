using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rollout.Identity;
using Rollout.Launches;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// A launch event in the storefront: its flash sales with a countdown to the opening in the market's time zone,
/// pre-registration, the waiting room with a live place, the claim, and the winner's checkout at the launch price.
/// </summary>
[RateLimited(RateLimits.Claims, Handler = nameof(OnPostRegister))]
[RateLimited(RateLimits.Claims, Handler = nameof(OnPostJoin))]
[RateLimited(RateLimits.Claims, Handler = nameof(OnPostClaim))]
public sealed class LaunchModel(RolloutDb db, TimeProvider clock, LaunchBook book, PaymentProviders payments) : StorefrontPage(db, clock)
{
    public LaunchResponse Launch { get; private set; } = null!;

    public IReadOnlyList<SaleView> Sales { get; private set; } = [];

    public LaunchWords L { get; private set; } = LaunchWords.For("en");

    public IReadOnlyList<ShippingMethod> Deliveries { get; private set; } = [];

    /// <summary>A flash sale's unit is paid at once: only payments confirmed by their provider, not by staff later.</summary>
    public IReadOnlyList<IPaymentProvider> Payments => payments.All.Where(p => p.ConfirmedBy != PaymentConfirmation.ByStaff).ToList();

    /// <summary>What the last claim or step answered, for the sale it was about.</summary>
    public (string Sale, string Text, bool Good)? Notice { get; private set; }

    public string? Problem { get; private set; }

    public bool SignedIn => CustomerId is not null;

    /// <summary>Whether the signed-in customer's e-mail address is confirmed (asked only when a sale of the launch requires it).</summary>
    public bool EmailConfirmed { get; private set; } = true;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A sale as this customer sees it.</summary>
    public sealed record SaleView(FlashSaleResponse Sale, string Product, RoomResponse Room, IReadOnlyList<ClaimResponse> Claims);

    public async Task<IActionResult> OnGet(string market, string code, CancellationToken ct) => await Load(market, code, ct) ? Page() : NotFound();

    /// <summary>The customer's place in a sale's room, polled by the page every two seconds (from memory).</summary>
    public async Task<IActionResult> OnGetRoom(string market, string code, string sale)
    {
        var room = await WaitingRoom.Mine(sale, CustomerId ?? "", book);
        return room.IsSuccess ? new JsonResult(room.Value) : NotFound();
    }

    public Task<IActionResult> OnPostRegister(string market, string code, string sale, CancellationToken ct) =>
        Step(market, code, sale, async customer => await WaitingRoom.Register(sale, customer, book, StaffAuthentication.EmailConfirmedOf(User)) is { IsSuccess: false } refused ? (Say(refused.Error), false) : (null, true), ct);

    public Task<IActionResult> OnPostJoin(string market, string code, string sale, CancellationToken ct) =>
        Step(market, code, sale, async customer => await WaitingRoom.Join(sale, customer, book, StaffAuthentication.EmailConfirmedOf(User)) is { IsSuccess: false } refused ? (Say(refused.Error), false) : (null, true), ct);

    /// <summary>A claim; the form's key (made when the page was shown) makes a double click one claim.</summary>
    public Task<IActionResult> OnPostClaim(string market, string code, string sale, string? key, CancellationToken ct) =>
        Step(market, code, sale, async Task<(string?, bool)> (customer) =>
        {
            var answer = await ClaimUnit.Handle(sale, customer, key, book, StaffAuthentication.EmailConfirmedOf(User));
            if (!answer.IsSuccess)
            {
                return (Say(answer.Error), false);
            }

            return answer.Value.Outcome switch
            {
                "won" => (null, true), // The won claim shows itself, with its checkout.
                "queued" => ($"{L["queued"]} {L["Place"]}: {answer.Value.Position} · {answer.Value.Ahead} {L["Ahead"]}.", false),
                var outcome => (L[outcome], false),
            };
        }, ct);

    public async Task<IActionResult> OnPostCheckout(string market, string code, Guid claim, string? shipping, string? payment, string? name, string? line1, string? postalCode, string? city, CancellationToken ct)
    {
        if (!await Load(market, code, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var address = new AddressRequest(name, line1, null, postalCode, city, Market.Code);
        var order = await CheckoutClaim.Handle(claim, new CheckoutClaimRequest(payment, shipping, address), customer, User.Identity?.Name, book, payments, Carts, Db, ct);
        if (!order.IsSuccess)
        {
            Problem = Explain(order.Error);
            return Page();
        }

        return Redirect($"{Home}/orders/{order.Value.Id}");
    }

    /// <summary>A refusal in the page's language where it has words for it.</summary>
    private string Say(Error error) => error.Code == ConfirmedEmail.Code ? L["EmailRequired"] : error.Message;

    /// <summary>A market's time as people there say it ("22 May 10:00").</summary>
    public string LocalDateTime(DateTimeOffset at) =>
        NodaTime.Instant.FromDateTimeOffset(at).InZone(NodaTime.DateTimeZoneProviders.Tzdb[Market.TimeZone]).ToString("d MMMM HH:mm", Culture);

    /// <summary>A customer's step on a sale; what it answers is shown on the sale's card (nothing when the page shows the new state itself).</summary>
    private async Task<IActionResult> Step(string market, string code, string sale, Func<string, Task<(string? Text, bool Good)>> step, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        L = LaunchWords.For((string)ViewData["Lang"]!);
        if (await GetLaunches.One(code, Db, ct) is not { IsSuccess: true } launch || !string.Equals(launch.Value.Market, Market.Code, StringComparison.OrdinalIgnoreCase)
            || await GetLaunches.Sales(code, Db, ct) is not { IsSuccess: true } sales || !sales.Value.Any(s => s.Code == sale))
        {
            return NotFound(); // A sale of another launch (or none) posted to this launch's page.
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var (text, good) = await step(customer);
        if (!await Load(market, code, ct))
        {
            return NotFound();
        }

        Notice = text is null ? null : (sale, text, good);
        return Page();
    }

    private async Task<bool> Load(string market, string code, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return false;
        }

        var launch = await GetLaunches.One(code, Db, ct);
        if (!launch.IsSuccess || !string.Equals(launch.Value.Market, Market.Code, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Launch = launch.Value;
        L = LaunchWords.For((string)ViewData["Lang"]!);
        var data = await Carts.Data(Db, ct);
        Deliveries = [.. data.ShippingMethods(CountryCode.Parse(Market.Code).Value).Where(m => m.Kind == ShippingKind.Delivery)];
        var claims = CustomerId is { } customer ? await CheckoutClaim.Mine(customer, book, ct) : [];
        var views = new List<SaleView>();
        foreach (var sale in (await GetLaunches.Sales(code, Db, ct)).Value)
        {
            var room = await WaitingRoom.Mine(sale.Code, CustomerId ?? "", book);
            if (room.IsSuccess)
            {
                views.Add(new SaleView(sale, data.Name(Catalog.Sku.Parse(sale.Sku).Value), room.Value, [.. claims.Where(c => c.Sale == sale.Code)]));
            }
        }

        Sales = views;
        if (CustomerId is { } id && views.Any(v => v.Sale.RequiresConfirmedEmail) && !StaffAuthentication.EmailConfirmedOf(User))
        {
            EmailConfirmed = await Db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.EmailConfirmed).FirstOrDefaultAsync(ct);
        }

        ViewData["Title"] = $"{L["Launch"]} · {Launch.Venue}";
        return true;
    }
}
