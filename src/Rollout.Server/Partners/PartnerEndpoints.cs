using System.Security.Claims;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Partners;

public static class PartnerEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static void MapPartners(this WebApplication app)
    {
        var partners = app.MapGroup("/api/partners").WithTags("Partners").RequireAuthorization(StaffAuthentication.Partners);
        partners.MapGet("/", async (RolloutDb db, CancellationToken ct) => TypedResults.Ok(await Partners.List(db, ct)))
            .WithName("ListPartners").WithSummary("Partner organisations with their markets and how many keys are active.");
        partners.MapPost("/", async (PartnerRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await Partners.Save(request, db, clock, ct)).ToOk())
            .WithName("SavePartner").WithSummary("Makes a partner channel a partner organisation (legal name, country, VAT number, billing e-mail), or changes those details.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        partners.MapGet("/{code}/keys", async (string code, RolloutDb db, CancellationToken ct) => (await Partners.Keys(code, db, ct)).ToOk())
            .WithName("ListPartnerKeys").WithSummary("A partner's API keys: names, who made them, whether revoked; never their secrets.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        partners.MapPost("/{code}/keys", async (string code, IssueKeyRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Partners.IssueKey(code, request, Actor(user), db, clock, ct)).ToCreated(k => $"/api/partners/{code}/keys"))
            .WithName("IssuePartnerKey").WithSummary("Issues an API key for one partner. Its secret is in this answer only; Rollout keeps a SHA-256 hash.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        partners.MapDelete("/{code}/keys/{id}", async (string code, string id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Partners.RevokeKey(code, id, Actor(user), db, clock, ct)).ToOk())
            .WithName("RevokePartnerKey").WithSummary("Revokes a key: the next request with it is refused.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        partners.MapGet("/sell-through", async (RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await SellThrough.Figures(null, db, clock, ct)))
            .WithName("SellThroughFigures").WithSummary("Sell-in (units shipped to partners) against sell-through (units they reported sold), per partner and market.");

        var orders = app.MapGroup("/api/partner-orders").WithTags("Partners").RequireAuthorization(StaffAuthentication.Partners);
        orders.MapGet("/", async (string? status, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await PartnerOrders.List(null, status, db, ct)))
            .WithName("ListPartnerOrders").WithSummary("Every partner's purchase orders, newest first; ?status=placed|confirmed|shipped|invoiced|cancelled.");
        orders.MapGet("/{id:guid}", async (Guid id, RolloutDb db, CancellationToken ct) => (await PartnerOrders.One(id, null, db, ct)).ToOk())
            .WithName("GetPartnerOrder").ProducesProblems(StatusCodes.Status404NotFound);
        orders.MapPost("/{id:guid}/confirm", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerOrders.Confirm(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("ConfirmPartnerOrder").WithSummary("Confirms a placed partner order.").ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/{id:guid}/ship", async (Guid id, ShipOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerOrders.Ship(id, request, Actor(user), db, clock, ct)).ToOk())
            .WithName("ShipPartnerOrder").WithSummary("Ships a confirmed partner order with every unit's IMEIs or serial; each becomes a device sold to the partner, its warranty waiting for the sell-through.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/{id:guid}/invoice", async (Guid id, ClaimsPrincipal user, Seller seller, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerOrders.Invoice(id, seller, Actor(user), db, clock, ct)).ToOk())
            .WithName("InvoicePartnerOrder").WithSummary("Invoices a shipped partner order: VAT of the market, reverse charge (EU partner with a VAT number in another member state) or export.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/{id:guid}/cancel", async (Guid id, CancelOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerOrders.Cancel(id, request.Reason, Actor(user), db, clock, ct)).ToOk())
            .WithName("CancelPartnerOrder").WithSummary("Cancels a placed or confirmed partner order; its units go back to the partner's allocation.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapGet("/{id:guid}/invoice", async (Guid id, Seller seller, RolloutDb db, CancellationToken ct) => await InvoiceDocument.Render(id, null, seller, db, ct))
            .WithName("PartnerInvoiceDocument").WithSummary("The invoice document (HTML, printable).").ProducesProblems(StatusCodes.Status404NotFound);

        // The partner API: a partner's key sees and does only what is its own.
        var api = app.MapGroup("/api/partner").WithTags("Partner API").RequireAuthorization(StaffAuthentication.PartnerKey)
            .Limited(RateLimits.PartnerRequests);
        api.MapGet("/orders", async (string? status, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                TypedResults.Ok(await PartnerOrders.List(StaffAuthentication.PartnerOf(user), status, db, ct)))
            .WithName("PartnerApiListOrders").WithSummary("Your purchase orders, newest first.");
        api.MapPost("/orders", async (PlacePartnerOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerOrders.Place(StaffAuthentication.PartnerOf(user)!.Value, request, Actor(user), db, clock, ct)).ToCreated(o => $"/api/partner/orders/{o.Id}"))
            .WithName("PartnerApiPlaceOrder").WithSummary("Places a purchase order in one of your markets, against your allocation, at your wholesale prices; your reference is unique.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        api.MapGet("/orders/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await PartnerOrders.One(id, StaffAuthentication.PartnerOf(user), db, ct)).ToOk())
            .WithName("PartnerApiGetOrder").ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/orders/{id:guid}/invoice", async (Guid id, ClaimsPrincipal user, Seller seller, RolloutDb db, CancellationToken ct) =>
                await InvoiceDocument.Render(id, StaffAuthentication.PartnerOf(user), seller, db, ct))
            .WithName("PartnerApiInvoice").WithSummary("Your invoice for an order (HTML, printable).").ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/prices", async (string? market, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PartnerPrices.List(StaffAuthentication.PartnerOf(user)!.Value, market, db, clock, ct)).ToOk())
            .WithName("PartnerApiPrices").WithSummary("Your wholesale price list in one of your markets (?market=GB): each variant listed for you there, net, VAT and gross.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        api.MapGet("/allocations", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                TypedResults.Ok(await Rollout.Inventory.GetStock.Allocations(null, db, ct, StaffAuthentication.PartnerOf(user)!.Value)))
            .WithName("PartnerApiAllocations").WithSummary("Your allocations of stock: per SKU and location, the units set aside for you, ordered and still available.");
        api.MapGet("/devices", async (ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await Rollout.Devices.GetDevices.OfChannel(StaffAuthentication.PartnerOf(user)!.Value, db, clock, ct)))
            .WithName("PartnerApiDevices").WithSummary("The devices shipped to you, with their warranty (started by your sell-through reports).");
        api.MapPost("/sell-through", async (SellThroughRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await SellThrough.Report(StaffAuthentication.PartnerOf(user)!.Value, request, db, clock, ct)).ToOk())
            .WithName("PartnerApiSellThrough").WithSummary("Reports devices sold to your customers (IMEI and day): their warranty starts that day. All rows or none.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        api.MapGet("/sell-through", async (ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await SellThrough.Figures(StaffAuthentication.PartnerOf(user), db, clock, ct)))
            .WithName("PartnerApiSellThroughFigures").WithSummary("Your sell-in against sell-through per market.");
    }
}
