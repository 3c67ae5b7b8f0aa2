using Rollout.Devices;
using Rollout.Inventory;
using Rollout.Orders;
using Rollout.Partners;
using Rollout.Repairs;
using Rollout.Storage;

namespace Rollout.Demo;

/// <summary>
/// The tour's after-sales: Trio Mobile as a partner organisation, a service centre and response targets in every
/// market, a year of brand warranty on the Nova 8 Pro; with stock, Trio's allocation at the partner hub and one of its
/// purchase orders shipped to Britain, partly sold through, one device of it in repair.
/// </summary>
internal static class AfterSalesDemo
{
    private static readonly (string Code, string Name, string Market, string Address)[] Centres =
    [
        ("es-madrid-service", "Lumio Servicio Técnico Madrid", "ES", "Calle de Alcalá 120, 28009 Madrid"),
        ("fr-paris-service", "Lumio Service Après-Vente Paris", "FR", "18 rue de la Pépinière, 75008 Paris"),
        ("it-milano-assistenza", "Lumio Assistenza Milano", "IT", "Via Tortona 27, 20144 Milano"),
        ("gb-london-repairs", "Lumio Repairs London", "GB", "20 Old Street, London EC1V 9AB"),
        ("se-stockholm-service", "Lumio Service Stockholm", "SE", "Sveavägen 44, 111 34 Stockholm"),
        ("ie-dublin-repairs", "Lumio Repairs Dublin", "IE", "12 Grand Canal Quay, Dublin 2, D02 X576"),
        ("at-wien-service", "Lumio Service Wien", "AT", "Mariahilfer Straße 77, 1060 Wien"),
        ("dk-kobenhavn-service", "Lumio Service København", "DK", "Vesterbrogade 38, 1620 København V"),
        ("hk-kowloon-service", "Lumio Service Centre Kowloon", "HK", "88 Nathan Road, Tsim Sha Tsui, Kowloon"),
    ];

    public static async Task<Result<string>> Load(RolloutDb db, TimeProvider clock, bool stock, CancellationToken ct)
    {
        var partner = await Partners.Partners.Save(new PartnerRequest("trio-mobile", "Trio Telecom Group plc (fictional)", "IE", "IE9999999X", "wholesale@trio.example", "Trio House, 1 Grand Canal Square, Dublin 2, D02 P820, Ireland"), db, clock, ct);
        if (!partner.IsSuccess)
        {
            return partner.Error;
        }

        foreach (var (code, name, market, address) in Centres)
        {
            var centre = await ServiceCentres.Save(new ServiceCentreRequest(code, name, market, address, $"{code}@service.lumio.example"), db, ct);
            var target = await ServiceCentres.SetTarget(market, market == "HK" ? new RepairTargetRequest(72, 21) : new RepairTargetRequest(48, 15), db, ct);
            if (!centre.IsSuccess || !target.IsSuccess)
            {
                return centre.IsSuccess ? target.Error : centre.Error;
            }
        }

        var extension = await SetWarrantyExtension.Handle("nova-8-pro", new WarrantyExtensionRequest(12), "demo", db, clock, ct);
        if (!extension.IsSuccess)
        {
            return extension.Error;
        }

        return stock ? await Trio(db, clock, ct) : $"1 partner, {Centres.Length} service centres";
    }

    private static async Task<Result<string>> Trio(RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        const string Sku = "NOVA8P-BLK-256";
        var allocated = await AllocateStock.Handle(new AllocateStockRequest(Sku, "partner-hub", "trio-mobile", 150), db, ct);
        if (!allocated.IsSuccess)
        {
            return allocated.Error;
        }

        var trio = Slug.Parse("trio-mobile").Value;
        var order = await PartnerOrders.Place(trio, new PlacePartnerOrderRequest("GB", "TRIO-PO-1001", [new PartnerOrderLineRequest(Sku, 6)]), "partner:trio-mobile", db, clock, ct);
        if (!order.IsSuccess)
        {
            return order.Error;
        }

        var imeis = Enumerable.Range(1, 6).Select(n => Imei($"3567890{n:D7}")).ToList();
        var confirmed = await PartnerOrders.Confirm(order.Value.Id, "demo", db, clock, ct);
        var shipped = confirmed.IsSuccess
            ? await PartnerOrders.Ship(order.Value.Id, new ShipOrderRequest("DHL", "DHL-DEMO-1001", [.. imeis.Select(i => new ShippedUnit(Sku, i))]), "demo", db, clock, ct)
            : confirmed;
        if (!shipped.IsSuccess)
        {
            return shipped.Error;
        }

        var today = clock.Now().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date; // the day in Britain, where they were sold
        var sold = await SellThrough.Report(trio, new SellThroughRequest([.. imeis.Take(3).Select(i => new SoldDevice(i, null, today.ToString("uuuu-MM-dd", null)))]), db, clock, ct);
        if (!sold.IsSuccess)
        {
            return sold.Error;
        }

        var ticket = await Tickets.Open(new OpenTicketRequest(null, imeis[0], "The screen flickers after a few minutes of video; the customer brought it to a Trio shop in Manchester.", "store"),
            TicketViewer.Staff, "demo", db, clock, ct);
        return ticket.IsSuccess ? $"1 partner (a shipped order of 6, 3 sold through), {Centres.Length} service centres, 1 repair ticket" : ticket.Error;
    }

    private static string Imei(string payload) => payload + Devices.Imei.CheckDigit(payload);
}
