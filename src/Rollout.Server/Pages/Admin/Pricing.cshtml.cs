using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Markets;
using Rollout.Pricing;

namespace Rollout.Server.Pages.Admin;

/// <summary>The margin report of one market, with a bar per row against the cap.</summary>
public sealed class PricingModel(RolloutDb db, TimeProvider clock, MarginCap cap) : PageModel
{
    public IReadOnlyList<MarketResponse> Markets { get; private set; } = [];

    public string Market { get; private set; } = "";

    public MarginReport? Report { get; private set; }

    public async Task OnGet(string? market, CancellationToken ct)
    {
        Markets = [.. (await GetMarkets.All(db, clock, ct)).Where(m => m.Status != "closed")];
        Market = market?.ToUpperInvariant() ?? Markets.FirstOrDefault(m => m.Status == "live")?.Code ?? "";
        var report = await GetMarginReport.Handle(Market, null, db, clock, cap, ct);
        Report = report.IsSuccess ? report.Value : null;
    }

    /// <summary>The bar's length: the margin as a share of the cap, from 0 to 100 (a breach fills it).</summary>
    public string BarWidth(MarginReportRow row) =>
        (row.Margin is { } margin && Report is { } report ? Math.Clamp(Math.Abs(margin) / report.Cap * 100m, 0m, 100m) : 0m)
            .ToString("0.#", CultureInfo.InvariantCulture);
}
