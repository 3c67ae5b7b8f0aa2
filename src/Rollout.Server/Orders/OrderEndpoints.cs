using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Orders;

public static class OrderEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static void MapOrders(this WebApplication app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("/", async (PlaceOrderRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PlaceOrder.Handle(request, key, db, clock, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .WithName("PlaceOrder")
            .WithSummary("Guest checkout: sells the units now or answers sold out; never the same unit twice. Needs an Idempotency-Key header: a retry with the same key and body answers the same order.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        // A cart's id is the guest's key to it (customer accounts come later).
        var carts = app.MapGroup("/api/carts").WithTags("Orders");
        carts.MapPost("/", async (OpenCartRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await OpenCart.Handle(request, db, clock, ct)).ToCreated(c => $"/api/carts/{c.Id}"))
            .WithName("OpenCart").WithSummary("Opens a cart in a market and channel.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        carts.MapGet("/{id:guid}", async (Guid id, RolloutDb db, CancellationToken ct) => (await OpenCart.Show(id, db, ct)).ToOk())
            .WithName("GetCart").WithSummary("A cart's lines and whether their units are still held.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        carts.MapPut("/{id:guid}/lines", async (Guid id, SetCartLineRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await OpenCart.SetLine(id, request, db, clock, ct)).ToOk())
            .WithName("SetCartLine").WithSummary("Sets how many of a variant the cart wants (0 removes it) and holds the units for 15 minutes.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        carts.MapPost("/{id:guid}/checkout", async (Guid id, CheckoutCartRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CheckoutCart.Handle(id, request, key, db, clock, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .WithName("CheckoutCart").WithSummary("Turns the cart into an order: its holds become sales. Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        orders.MapPost("/{id:guid}/withdrawal", async (Guid id, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.RequestWithdrawal(id, db, clock, ct)).ToOk())
            .WithName("WithdrawFromOrder").WithSummary("The buyer withdraws from a delivered order (EU markets): accepted within 14 days of delivery, refused after.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var manage = orders.MapGroup("/{id:guid}").RequireAuthorization(StaffAuthentication.Orders);
        manage.MapPost("/pay", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Pay(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("ConfirmPayment").WithSummary("Confirms by hand that a placed order is paid (bank transfer, pay at store).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        manage.MapPost("/allocate", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Allocate(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("AllocateOrder").WithSummary("Marks a paid order picked in the warehouse.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        manage.MapPost("/ship", async (Guid id, ShipOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Ship(id, request, Actor(user), db, clock, ct)).ToOk())
            .WithName("ShipOrder").WithSummary("Ships an allocated order with its carrier and tracking number; its units leave the stock ledger.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        manage.MapPost("/deliver", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Deliver(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("DeliverOrder").WithSummary("Records delivery; in the EU the 14-day withdrawal window starts.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        manage.MapPost("/cancel", async (Guid id, CancelOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Cancel(id, request, Actor(user), db, clock, ct)).ToOk())
            .WithName("CancelOrder").WithSummary("Cancels an order not yet shipped; its units go back on sale.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var staff = orders.MapGroup("").RequireAuthorization(StaffAuthentication.AnyStaff);
        staff.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetOrders.Recent(market, db, ct)))
            .WithName("ListOrders").WithSummary("The latest orders, of one market with ?market=.");
        staff.MapGet("/{id:guid}", async (Guid id, RolloutDb db, CancellationToken ct) => (await GetOrders.One(id, db, ct)).ToOk())
            .WithName("GetOrder").WithSummary("One order with its lines and totals.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }
}
