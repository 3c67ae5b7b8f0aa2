using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Orders;

public static class OrderEndpoints
{
    public static void MapOrders(this WebApplication app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("/", async (PlaceOrderRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await PlaceOrder.Handle(request, key, db, clock, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .WithName("PlaceOrder")
            .WithSummary("Guest checkout: sells the units now or answers sold out; never the same unit twice. Needs an Idempotency-Key header: a retry with the same key and body answers the same order.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        var staff = orders.MapGroup("").RequireAuthorization(StaffAuthentication.AnyStaff);
        staff.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetOrders.Recent(market, db, ct)))
            .WithName("ListOrders").WithSummary("The latest orders, of one market with ?market=.");
        staff.MapGet("/{id:guid}", async (Guid id, RolloutDb db, CancellationToken ct) => (await GetOrders.One(id, db, ct)).ToOk())
            .WithName("GetOrder").WithSummary("One order with its lines and totals.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }
}
