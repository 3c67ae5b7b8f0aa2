using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Devices;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Partners;

public sealed record PartnerOrderLineRequest(string? Sku, int? Quantity);

public sealed record PlacePartnerOrderRequest(string? Market, string? Reference, IReadOnlyList<PartnerOrderLineRequest>? Lines);

public sealed record PartnerOrderLineResponse(string Sku, int Quantity, decimal UnitNet, decimal Net, string Location);

public sealed record PartnerOrderStepResponse(string To, string By, DateTimeOffset At, string Note);

public sealed record PartnerInvoiceResponse(string Number, DateTimeOffset IssuedAt, string Treatment, decimal VatRate, decimal Net, decimal Vat, decimal Total, string Mention);

public sealed record PartnerOrderResponse(
    Guid Id,
    string Number,
    string Partner,
    string Reference,
    string Market,
    string Currency,
    string Status,
    IReadOnlyList<PartnerOrderLineResponse> Lines,
    decimal Net,
    DateTimeOffset PlacedAt,
    string? Carrier,
    string? TrackingNumber,
    int DevicesShipped,
    PartnerInvoiceResponse? Invoice,
    IReadOnlyList<PartnerOrderStepResponse> Steps);

/// <summary>Who issues invoices: the brand's legal entity (configuration <c>Rollout:Seller</c>).</summary>
public sealed record Seller(string Name, CountryCode Country, string VatNumber, string Address)
{
    public static readonly Seller Default = new("Lumio Devices Europe S.L. (fictional)", CountryCode.Parse("ES").Value, "ESB00000000", "Gran Vía 32, 28013 Madrid, Spain");
}

/// <summary>
/// Partner purchase orders: placed by the partner against its allocation in one of its markets, for variants listed
/// for its channel, at its wholesale prices; confirmed and shipped by staff (each unit becomes a device), invoiced with
/// VAT, reverse charge or as an export as the market requires; cancelled before shipping (the units go back).
/// </summary>
public static class PartnerOrders
{
    public static Task<Result<PartnerOrderResponse>> Place(Slug partner, PlacePartnerOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Transactions.Run<PartnerOrderResponse>(db, async () =>
        {
            var now = clock.Now();
            var validator = new Validator();
            var reference = request.Reference?.Trim() ?? "";
            validator.Require(reference.Length is >= 1 and <= 40, "reference", "Give your purchase-order number (1-40 characters); one order per number.");
            var code = validator.Field("market", CountryCode.Parse(request.Market));
            var lines = request.Lines ?? [];
            validator.Require(lines.Count is >= 1 and <= 50, "lines", "Order 1 to 50 lines.");
            validator.Require(lines.All(l => l is not null), "lines", "A line is an object with 'sku' and 'quantity', not null.");
            var channel = await db.Channels.AsNoTracking().FirstAsync(c => c.Code == partner, ct);
            var market = validator.IsValid ? await db.Markets.AsNoTracking().FirstOrDefaultAsync(m => m.Code == code, ct) : null;
            validator.Require(market is null || channel.SellsIn(code), "market", $"'{partner}' does not sell in {code}; its markets are {string.Join(", ", channel.Markets)}.");
            validator.Require(!validator.IsValid || market is not null, "market", $"{code} is not a market.");
            if (validator.ToError() is { } early)
            {
                return early;
            }

            if (await db.PartnerOrders.AsNoTracking().Where(o => o.Partner == partner && o.Reference == reference).Select(o => o.Number).FirstOrDefaultAsync(ct) is { } placed)
            {
                return Error.Conflict("partner_order.reference", $"Your reference {reference} is order {placed} already.");
            }

            var serving = (await db.StockLocations.AsNoTracking().ToListAsync(ct)).Where(l => l.Serves.Contains(code)).Select(l => l.Code).ToList();
            var taken = new List<PartnerOrderLine>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = await Line(lines[i], $"lines[{i}]", partner, market!, channel, serving, validator, db, now, ct);
                if (line is not null)
                {
                    taken.Add(line);
                }
            }

            foreach (var twice in lines.GroupBy(l => l.Sku?.Trim().ToUpperInvariant()).Where(g => g.Count() > 1))
            {
                validator.Add("lines", $"{twice.Key} is on two lines; order it on one.");
            }

            if (validator.ToError() is { } invalid)
            {
                return invalid;
            }

            foreach (var line in taken)
            {
                // The allocation's own condition refuses more than it holds, whoever else is ordering at the same time.
                using var batch = new Batch(db);
                if (!await AllocationRows.Sell(batch, line.AllocationId, line.Quantity))
                {
                    var left = await db.Allocations.AsNoTracking().Where(a => a.Id == line.AllocationId).Select(a => a.Quantity - a.Reserved - a.Sold).FirstAsync(ct);
                    return Error.Conflict("partner_order.over_allocation", $"Your allocation of {line.Sku} at {line.Location} (which serves {code}) has {left} unit(s) left; {line.Quantity} ordered.") with
                    {
                        Details = new Dictionary<string, object> { ["sku"] = line.Sku.Value, ["available"] = left },
                    };
                }
            }

            var order = PartnerOrder.Place(partner, reference, code, market!.Currency, taken, by, now);
            db.PartnerOrders.Add(order);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return Error.Conflict("partner_order.reference", $"Your reference {reference} was placed by another request meanwhile.");
            }

            return await Describe(order, db, ct);
        }, ct);

    /// <summary>One line, checked: a variant listed and on sale for the partner, its wholesale price now, and the partner's allocation at a location serving the market (<paramref name="serving"/>).</summary>
    private static async Task<PartnerOrderLine?> Line(PartnerOrderLineRequest line, string field, Slug partner, Market market, Channels.Channel channel, IReadOnlyList<Slug> serving, Validator validator, RolloutDb db, Instant now, CancellationToken ct)
    {
        var sku = Sku.Parse(line.Sku);
        if (line.Quantity is not (>= 1 and <= 10_000))
        {
            validator.Add($"{field}.quantity", "Order 1 to 10,000 units.");
        }

        var variant = sku.IsSuccess ? await db.Variants.AsNoTracking().FirstOrDefaultAsync(v => v.Sku == sku.Value, ct) : null;
        var listing = variant is null ? null : await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == variant.Sku && l.Market == market.Code && l.Channel == partner, ct);
        if (variant is null || listing is null)
        {
            validator.Add($"{field}.sku", $"'{line.Sku}' is not listed for you in {market.Code}.");
            return null;
        }

        if (!listing.IsSellableAt(now, market, channel, variant))
        {
            validator.Add($"{field}.sku", $"{variant.Sku} is listed for you in {market.Code} but not on sale now: the market or the listing opens later, or the listing closed.");
            return null;
        }

        var price = (await db.Prices.AsNoTracking().Where(p => p.Sku == variant.Sku && p.Market == market.Code && p.Channel == partner).ToListAsync(ct)).FirstOrDefault(p => p.HoldsAt(now));
        if (price is null)
        {
            validator.Add($"{field}.sku", $"{variant.Sku} has no wholesale price for you in {market.Code} now.");
            return null;
        }

        var allocation = (await db.Allocations.AsNoTracking().Where(a => a.Sku == variant.Sku && a.Channel == partner).ToListAsync(ct))
            .Where(a => serving.Contains(a.Location)).OrderByDescending(a => a.Available).FirstOrDefault();
        if (allocation is null)
        {
            validator.Add($"{field}.sku", $"You have no allocation of {variant.Sku} for {market.Code}.");
            return null;
        }

        var unit = PriceBreakdown.Of(price.Amount, price.Basis, market.VatRate).Net;
        var quantity = line.Quantity ?? 0;
        return new PartnerOrderLine(variant.Sku, quantity, unit.MinorUnits, (unit * quantity).MinorUnits, allocation.Id, allocation.Location);
    }

    public static Task<Result<PartnerOrderResponse>> Confirm(Guid id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Step(id, db, (order, now) => order.Confirm(by, now), clock, ct);

    /// <summary>Cancels a placed or confirmed order: its units go back to the partner's allocation.</summary>
    public static Task<Result<PartnerOrderResponse>> Cancel(Guid id, string? reason, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > 200
            ? Task.FromResult<Result<PartnerOrderResponse>>(Error.Invalid("reason", "partner_order.cancel_reason", "Say why the order is cancelled (1-200 characters)."))
            : Step(id, db, (order, now) => order.Cancel(by, now, reason.Trim()), clock, ct, async order =>
            {
                foreach (var line in order.Lines)
                {
                    await StockLedger.Unsold(line.Sku, line.Location, line.AllocationId, line.Quantity, db);
                }

                return (Error?)null;
            });

    /// <summary>Ships a confirmed order with each unit's IMEIs or serial: the units leave the stock and become devices sold to the partner.</summary>
    public static Task<Result<PartnerOrderResponse>> Ship(Guid id, ShipOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Check() is { } invalid)
        {
            return Task.FromResult<Result<PartnerOrderResponse>>(invalid);
        }

        return Step(id, db, (order, now) => order.Ship(request.Carrier!.Trim(), request.TrackingNumber!.Trim(), by, now), clock, ct, async order =>
        {
            var now = clock.Now();
            var devices = await DeviceUnits.Record([.. order.Lines.Select(l => new DeviceUnits.Line(l.Sku, l.Quantity))], request.Units,
                new DeviceUnits.Sale(order.Market, order.Partner, DeviceSource.PartnerOrder, order.Id, null), db, now, ct);
            if (!devices.IsSuccess)
            {
                return devices.Error;
            }

            foreach (var line in order.Lines)
            {
                await StockLedger.Shipped(line.Sku, line.Location, line.AllocationId, line.Quantity, $"partner order {order.Number}", by, now, db);
            }

            return (Error?)null;
        });
    }

    /// <summary>Issues the invoice of a shipped order.</summary>
    public static async Task<Result<PartnerOrderResponse>> Invoice(Guid id, Seller seller, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var order = await db.PartnerOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return Error.NotFound("partner_order.not_found", $"There is no partner order {id}.");
        }

        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Code == order.Partner, ct);
        var market = await db.Markets.AsNoTracking().FirstAsync(m => m.Code == order.Market, ct);
        // Numbered in sequence within the year; the unique index refuses a number two invoices took at once (409, invoice again).
        var prefix = $"INV-{clock.Now().InUtc().Year}-";
        var count = await db.PartnerOrders.CountAsync(o => o.InvoiceNumber != null && o.InvoiceNumber.StartsWith(prefix), ct);
        var number = $"{prefix}{count + 1:D6}";
        var invoice = Invoicing.Bill(seller, partner, market, order, number, clock.Now());
        return await Step(id, db, (o, now) => o.Bill(invoice, by, now), clock, ct);
    }

    /// <summary>One order: staff see any (partner null), a partner only its own; another's is not found.</summary>
    public static async Task<Result<PartnerOrderResponse>> One(Guid id, Slug? partner, RolloutDb db, CancellationToken ct) =>
        await db.PartnerOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && (partner == null || o.Partner == partner), ct) is { } order
            ? await Describe(order, db, ct)
            : Error.NotFound("partner_order.not_found", $"There is no partner order {id}{(partner is null ? "" : " of yours")}.");

    /// <summary>One of a partner's orders by its number (PO-…) or the partner's own reference.</summary>
    public static async Task<Result<PartnerOrderResponse>> Find(Slug partner, string numberOrReference, RolloutDb db, CancellationToken ct)
    {
        var text = numberOrReference.Trim();
        var number = text.ToUpperInvariant();
        var order = await db.PartnerOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Partner == partner && (o.Number == number || o.Reference == text), ct);
        return order is null
            ? Error.NotFound("partner_order.not_found", $"{partner} has no purchase order '{text}'.")
            : await Describe(order, db, ct);
    }

    public static async Task<IReadOnlyList<PartnerOrderResponse>> List(Slug? partner, string? status, RolloutDb db, CancellationToken ct)
    {
        var orders = db.PartnerOrders.AsNoTracking().Where(o => partner == null || o.Partner == partner);
        if (Enum.TryParse<PartnerOrderStatus>(status, ignoreCase: true, out var only))
        {
            orders = orders.Where(o => o.Status == only);
        }

        var list = await orders.OrderByDescending(o => o.PlacedAt).Take(500).ToListAsync(ct);
        var ids = list.Select(o => (Guid?)o.Id).ToList();
        var shipped = await db.Devices.AsNoTracking().Where(d => ids.Contains(d.ShippedBy)).GroupBy(d => d.ShippedBy)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count, ct);
        return [.. list.Select(o => Describe(o, shipped.GetValueOrDefault(o.Id)))];
    }

    private static Task<Result<PartnerOrderResponse>> Step(Guid id, RolloutDb db, Func<PartnerOrder, Instant, Result<PartnerOrder>> decide, TimeProvider clock, CancellationToken ct, Func<PartnerOrder, Task<Error?>>? effect = null) =>
        Transactions.Run<PartnerOrderResponse>(db, async () =>
        {
            var order = await db.PartnerOrders.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (order is null)
            {
                return Error.NotFound("partner_order.not_found", $"There is no partner order {id}.");
            }

            var decided = decide(order, clock.Now());
            if (!decided.IsSuccess)
            {
                return decided.Error;
            }

            if (effect is not null && await effect(order) is { } failed)
            {
                return failed;
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Error.Conflict("partner_order.changed", $"Partner order {order.Number} changed meanwhile; reload it.");
            }
            catch (DbUpdateException)
            {
                // A unique index refused a value another request took meanwhile (an IMEI, a serial, an invoice number).
                return Error.Conflict("partner_order.taken", $"An IMEI, serial or invoice number of partner order {order.Number} was taken by another request meanwhile; try again.");
            }

            return await Describe(order, db, ct);
        }, ct);

    private static async Task<PartnerOrderResponse> Describe(PartnerOrder o, RolloutDb db, CancellationToken ct) =>
        Describe(o, await db.Devices.CountAsync(d => d.ShippedBy == o.Id, ct));

    /// <summary>An order as the API writes it, with the number of devices it shipped.</summary>
    private static PartnerOrderResponse Describe(PartnerOrder o, int shipped)
    {
        decimal Amount(long minor) => Money.FromMinorUnits(minor, o.Currency).Amount;
        return new PartnerOrderResponse(o.Id, o.Number, o.Partner.Value, o.Reference, o.Market.Value, o.Currency.Value, PartnerOrder.Words(o.Status),
            [.. o.Lines.Select(l => new PartnerOrderLineResponse(l.Sku.Value, l.Quantity, Amount(l.UnitNetMinorUnits), Amount(l.NetMinorUnits), l.Location.Value))],
            Amount(o.NetMinorUnits), o.PlacedAt.ToDateTimeOffset(), o.Carrier, o.TrackingNumber, shipped,
            o.Invoice is { } i ? new PartnerInvoiceResponse(i.Number, i.IssuedAt.ToDateTimeOffset(), i.Treatment, i.VatRate, Amount(i.NetMinorUnits), Amount(i.VatMinorUnits), Amount(i.TotalMinorUnits), i.Mention) : null,
            [.. o.Steps.Select(s => new PartnerOrderStepResponse(PartnerOrder.Words(s.To), s.By, s.At.ToDateTimeOffset(), s.Note))]);
    }
}

/// <summary>
/// How VAT applies to a partner's invoice, from the seller's country, the market the goods go to and the partner's
/// VAT number: within the seller's country, VAT at the market's rate; to another EU member state for a partner with a
/// VAT number, reverse charge (Council Directive 2006/112/EC, articles 138 and 196); outside the EU, an export without
/// VAT (article 146); otherwise the market's rate.
/// </summary>
public static class Invoicing
{
    public static PartnerInvoice Bill(Seller seller, Partner partner, Market market, PartnerOrder order, string number, Instant now)
    {
        var net = Money.FromMinorUnits(order.NetMinorUnits, order.Currency);
        var (treatment, rate, mention) = Treatment(seller, partner, market);
        var vat = Money.Round(net.Amount * rate, order.Currency);
        return new PartnerInvoice(number, now, treatment, rate, net.MinorUnits, vat.MinorUnits, (net + vat).MinorUnits, mention);
    }

    public static (string Treatment, decimal Rate, string Mention) Treatment(Seller seller, Partner partner, Market market)
    {
        var charged = ("vat", market.VatRate.Value, FormattableString.Invariant($"VAT {market.VatRate.Value * 100:0.##} % of {market.Name}."));
        if (market.Code == seller.Country || !EuropeanUnion.Includes(seller.Country))
        {
            return charged;
        }

        if (!EuropeanUnion.Includes(market.Code))
        {
            return ("export", 0m, $"Export outside the EU: exempt under article 146 of Council Directive 2006/112/EC; import taxes of {market.Name} are the customer's.");
        }

        return partner.VatNumber is not null
            ? ("reverse_charge", 0m, $"Reverse charge: VAT due by the customer ({partner.VatNumber}); intra-Community supply exempt under articles 138 and 196 of Council Directive 2006/112/EC.")
            : charged;
    }
}
