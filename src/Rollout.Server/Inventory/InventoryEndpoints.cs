using System.Security.Claims;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Inventory;

public static class InventoryEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static void MapInventory(this WebApplication app)
    {
        var stock = app.MapGroup("/api/stock").WithTags("Inventory").RequireAuthorization(StaffAuthentication.AnyStaff);
        stock.MapGet("/", async (string? sku, string? location, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetStock.Levels(sku, location, db, ct)))
            .WithName("ListStock").WithSummary("Units on hand, allocated and available, per variant and location.");
        stock.MapGet("/ledger", async (string? sku, string? location, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetStock.Ledger(sku, location, db, ct)))
            .WithName("GetStockLedger").WithSummary("The append-only movements behind the levels: on hand is always their sum.");
        stock.MapGet("/locations", async (RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetStock.Locations(db, ct)))
            .WithName("ListStockLocations").WithSummary("Warehouses and stores with the markets they serve.");

        var writes = stock.MapGroup("").RequireAuthorization(StaffAuthentication.Inventory);
        writes.MapPost("/locations", async (CreateStockLocationRequest request, RolloutDb db, CancellationToken ct) =>
                (await CreateStockLocation.Handle(request, db, ct)).ToCreated(l => $"/api/stock?location={l.Code}"))
            .WithName("CreateStockLocation").WithSummary("Creates a warehouse or a store stock room serving some markets.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        writes.MapPost("/receipts", async (ReceiveStockRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await MoveStock.Receive(request, Actor(user), db, clock, ct)).ToOk())
            .WithName("ReceiveStock").WithSummary("Units arrive at a location.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writes.MapPost("/adjustments", async (AdjustStockRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await MoveStock.Adjust(request, Actor(user), db, clock, ct)).ToOk())
            .WithName("AdjustStock").WithSummary("A signed correction with its reason; refused (409) if it would take on hand below what is allocated or below zero.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        stock.MapGet("/allocations", async (string? sku, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetStock.Allocations(sku, db, ct)))
            .WithName("ListAllocations").WithSummary("Units ring-fenced per channel, with what is held and sold of them.");
        writes.MapPost("/allocations", async (AllocateStockRequest request, RolloutDb db, CancellationToken ct) =>
                (await AllocateStock.Handle(request, db, ct)).ToOk())
            .WithName("AllocateStock").WithSummary("Ring-fences units of a location for a channel (negative gives them back); never more than are free.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        writes.MapPost("/reservations", async (ReserveStockRequest request, GroupCommit writer, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ReserveStock.Handle(request, writer, db, clock, ct)).ToOk())
            .WithName("ReserveStock").WithSummary("Holds units for a holder (a cart) for some minutes, from the channel's allocation or the pool; the same holder changes its own hold.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        writes.MapDelete("/reservations/{id:guid}", async (Guid id, GroupCommit writer) =>
                (await ExpireReservations.Release(id, writer)).ToOk())
            .WithName("ReleaseReservation").WithSummary("Gives a hold's units back now.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        writes.MapPost("/transfers", async (TransferStockRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await MoveStock.Transfer(request, Actor(user), db, clock, ct)).ToOk())
            .WithName("TransferStock").WithSummary("Moves units between locations: both ledger lines or neither.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
    }
}
