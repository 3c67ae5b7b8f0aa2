using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Partners;

/// <summary>The invoice of a partner order as a printable HTML document: seller, buyer, lines, VAT treatment and totals.</summary>
public static class InvoiceDocument
{
    private const string Style = "body{font:14px system-ui,sans-serif;max-width:760px;margin:2em auto;color:#111}table{width:100%;border-collapse:collapse}"
        + "td,th{padding:.4em;border-bottom:1px solid #ddd;text-align:left}.n{text-align:right}.box{display:flex;justify-content:space-between;gap:2em}";

    /// <summary>The brand's legal entity from <c>Rollout:Seller</c> (Name, Country, VatNumber, Address), or the demo's.</summary>
    public static Seller SellerFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection("Rollout:Seller");
        var fallback = Seller.Default;
        return new Seller(
            section["Name"] ?? fallback.Name,
            section["Country"] is { } country ? CountryCode.Parse(country).Value : fallback.Country,
            section["VatNumber"] ?? fallback.VatNumber,
            section["Address"] ?? fallback.Address);
    }

    public static async Task<IResult> Render(Guid id, Slug? partner, Seller seller, RolloutDb db, CancellationToken ct)
    {
        var html = await Html(id, partner, seller, db, ct);
        return html.IsSuccess ? TypedResults.Content(html.Value, "text/html; charset=utf-8") : Server.Http.Problems.ToProblem(html.Error);
    }

    /// <summary>The document of an invoiced order the viewer may see (a partner only its own; staff with partner null).</summary>
    public static async Task<Result<string>> Html(Guid id, Slug? partner, Seller seller, RolloutDb db, CancellationToken ct)
    {
        var found = await PartnerOrders.One(id, partner, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var order = found.Value;
        if (order.Invoice is not { } invoice)
        {
            return Error.Conflict("partner_order.not_invoiced", $"Partner order {order.Number} is {order.Status}; it has no invoice yet.");
        }

        var partnerCode = Slug.Parse(order.Partner).Value;
        var marketCode = CountryCode.Parse(order.Market).Value;
        var buyer = await db.Partners.AsNoTracking().FirstAsync(p => p.Code == partnerCode, ct);
        var market = await db.Markets.AsNoTracking().FirstAsync(m => m.Code == marketCode, ct);
        var culture = CultureInfo.GetCultureInfo(market.Locales.FirstOrDefault() ?? "en");
        string Money(decimal amount) => WebUtility.HtmlEncode(amount.ToString("N2", culture) + " " + order.Currency);
        string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice {E(invoice.Number)}</title>
            <style>{Style}</style></head><body>
            <h1>Invoice {E(invoice.Number)}</h1>
            <p>Issued {invoice.IssuedAt:yyyy-MM-dd} · order {E(order.Number)} · your reference {E(order.Reference)} · shipped to {E(market.Name)}</p>
            <div class="box"><div><h2>Seller</h2><p>{E(seller.Name)}<br>{E(seller.Address)}<br>VAT {E(seller.VatNumber)}</p></div>
            <div><h2>Buyer</h2><p>{E(buyer.LegalName)}<br>{E(buyer.Address)}<br>{(buyer.VatNumber is null ? "No VAT number" : "VAT " + E(buyer.VatNumber))}</p></div></div>
            <table><thead><tr><th>SKU</th><th class="n">Units</th><th class="n">Unit net</th><th class="n">Net</th></tr></thead><tbody>
            """);
        foreach (var line in order.Lines)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(line.Sku)}</td><td class=\"n\">{line.Quantity}</td><td class=\"n\">{Money(line.UnitNet)}</td><td class=\"n\">{Money(line.Net)}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody><tfoot><tr><th colspan="3">Net</th><td class="n">{Money(invoice.Net)}</td></tr>
            <tr><th colspan="3">VAT {invoice.VatRate * 100:0.##} % ({E(invoice.Treatment.Replace('_', ' '))})</th><td class="n">{Money(invoice.Vat)}</td></tr>
            <tr><th colspan="3">Total</th><td class="n"><strong>{Money(invoice.Total)}</strong></td></tr></tfoot></table>
            <p>{E(invoice.Mention)}</p></body></html>
            """);
        return html.ToString();
    }
}
