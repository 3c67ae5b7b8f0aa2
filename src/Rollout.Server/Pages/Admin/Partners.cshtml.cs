using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Partners;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// Partners for staff: each organisation with its keys (a new one shown once), sell-in against sell-through per market
/// as a chart, and the purchase orders with their next steps (confirm, ship with IMEIs, invoice, the invoice document).
/// </summary>
[Authorize(Policy = StaffAuthentication.Partners)]
public sealed class PartnersModel(RolloutDb db, TimeProvider clock, Seller seller) : PageModel
{
    public IReadOnlyList<PartnerResponse> Partners { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<PartnerKeyResponse>> Keys { get; private set; } = new Dictionary<string, IReadOnlyList<PartnerKeyResponse>>();

    public IReadOnlyList<SellThroughRow> Figures { get; private set; } = [];

    public IReadOnlyList<PartnerOrderResponse> Orders { get; private set; } = [];

    /// <summary>A key just issued: shown on this answer only.</summary>
    public IssuedKeyResponse? Issued { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGet(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnGetInvoice(Guid id, CancellationToken ct) =>
        await InvoiceDocument.Html(id, null, seller, db, ct) is { IsSuccess: true } html ? Content(html.Value, "text/html; charset=utf-8") : NotFound();

    public Task<IActionResult> OnPostIssue(string partner, string? name, CancellationToken ct) => Act(async by =>
    {
        var issued = await Rollout.Partners.Partners.IssueKey(partner, new IssueKeyRequest(name), by, db, clock, ct);
        Issued = issued.IsSuccess ? issued.Value : null;
        return issued.IsSuccess ? null : issued.Error;
    }, ct, stay: true);

    public Task<IActionResult> OnPostRevoke(string partner, string id, CancellationToken ct) =>
        Act(async by => await Rollout.Partners.Partners.RevokeKey(partner, id, by, db, clock, ct) is { IsSuccess: false } r ? r.Error : null, ct);

    public Task<IActionResult> OnPostConfirm(Guid id, CancellationToken ct) =>
        Act(async by => await PartnerOrders.Confirm(id, by, db, clock, ct) is { IsSuccess: false } r ? r.Error : null, ct);

    public Task<IActionResult> OnPostInvoice(Guid id, CancellationToken ct) =>
        Act(async by => await PartnerOrders.Invoice(id, seller, by, db, clock, ct) is { IsSuccess: false } r ? r.Error : null, ct);

    /// <summary>Ships with each tracked unit's scanned IMEIs or serial (see <see cref="ScannedUnits"/>).</summary>
    public Task<IActionResult> OnPostShip(Guid id, string? carrier, string? trackingNumber, string[] sku, string[] identity, string[] imei2, CancellationToken ct) =>
        Act(async by => await PartnerOrders.Ship(id, new ShipOrderRequest(carrier, trackingNumber, ScannedUnits.From(sku, identity, imei2)), by, db, clock, ct) is { IsSuccess: false } r ? r.Error : null, ct);

    /// <summary>The tracked lines of an order waiting to ship, for its ship form.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<ScannedUnits.Line>> ToShip { get; private set; } = new Dictionary<Guid, IReadOnlyList<ScannedUnits.Line>>();

    /// <summary>The chart's bars: per partner and market, sell-in (light) over sell-through (dark), to one scale.</summary>
    public string Bars()
    {
        var widest = Math.Max(1, Figures.Select(f => f.SellIn).DefaultIfEmpty(1).Max());
        var svg = new System.Text.StringBuilder();
        for (var i = 0; i < Figures.Count; i++)
        {
            var f = Figures[i];
            var (y, sellIn, sold) = (i * 34 + 8, 420.0 * f.SellIn / widest, 420.0 * f.SellThrough / widest);
            var label = System.Net.WebUtility.HtmlEncode($"{f.Partner} {f.Market}");
            svg.Append(FormattableString.Invariant($"""
                <text x="0" y="{y + 16}" font-size="12">{label}</text>
                <rect x="150" y="{y}" width="{sellIn:0.#}" height="12" fill="#c9d6ea"><title>sell-in {f.SellIn}</title></rect>
                <rect x="150" y="{y + 13}" width="{sold:0.#}" height="12" fill="#2f6fdd"><title>sell-through {f.SellThrough}</title></rect>
                <text x="{156 + sellIn:0.#}" y="{y + 11}" font-size="11">{f.SellIn} in</text>
                <text x="{156 + sold:0.#}" y="{y + 24}" font-size="11">{f.SellThrough} sold ({f.SellThroughRate * 100:0}%)</text>
                """));
        }

        return svg.ToString();
    }

    private async Task<IActionResult> Act(Func<string, Task<Error?>> step, CancellationToken ct, bool stay = false)
    {
        if (await step(User.Identity?.Name ?? "unknown") is { } error)
        {
            Problem = error.Fields.Count == 0 ? error.Message : string.Join(" · ", error.Fields.SelectMany(f => f.Value.Select(r => $"{f.Key}: {r}")));
        }
        else if (!stay)
        {
            return RedirectToPage();
        }

        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Partners = await Rollout.Partners.Partners.List(db, ct);
        var keys = new Dictionary<string, IReadOnlyList<PartnerKeyResponse>>();
        foreach (var partner in Partners)
        {
            keys[partner.Code] = (await Rollout.Partners.Partners.Keys(partner.Code, db, ct)).Value;
        }

        Keys = keys;
        Figures = await SellThrough.Figures(null, db, clock, ct);
        Orders = await PartnerOrders.List(null, null, db, ct);
        var toShip = new Dictionary<Guid, IReadOnlyList<ScannedUnits.Line>>();
        foreach (var order in Orders.Where(o => o.Status == "confirmed"))
        {
            toShip[order.Id] = await ScannedUnits.Tracked(order.Lines.Select(l => (l.Sku, l.Quantity)), db, ct);
        }

        ToShip = toShip;
    }
}
